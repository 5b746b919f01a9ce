export interface LogLine {
  level: number;
  service: string;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

/** Everything the services wrote, as raw text (for "never contains") and as parsed JSON lines. */
export class LogCapture {
  private readonly chunks: string[] = [];
  write(chunk: string): void {
    this.chunks.push(chunk);
  }
  text(): string {
    return this.chunks.join('');
  }
  lines(): LogLine[] {
    return this.text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  }
}
