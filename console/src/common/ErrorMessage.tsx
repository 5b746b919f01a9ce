/** An error shown where it happened, in words (role="alert" so that assistive tools announce it). */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}
