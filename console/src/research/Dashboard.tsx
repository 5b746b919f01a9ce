import { useEffect, useState } from 'react';
import { GraphQLRequestError } from '../common/graphql.ts';
import { CohortChart } from './CohortChart.tsx';
import {
  budgetText,
  codeOptions,
  elementLabel,
  monthlyPoints,
  problemOf,
  windowOf,
  type CodeOption,
  type CohortElement,
  type Disclosure,
  type MonthPoint,
  type Problem,
} from './cohort-data.ts';
import { MonthTable } from './MonthTable.tsx';
import { fetchCodes, fetchDisclosure, fetchElements, fetchMonthly } from './queries.ts';

const problemFrom = (error: unknown): Problem =>
  error instanceof GraphQLRequestError ? problemOf(error.errors) : { kind: 'other', text: error instanceof Error ? error.message : String(error) };

/** The twelve months up to this one, as the default window. */
function lastYear(): { from: string; to: string } {
  const now = new Date();
  const month = (date: Date) => date.toISOString().slice(0, 7);
  return { from: month(new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() + 1, 1))), to: month(now) };
}

interface Result {
  points: MonthPoint[];
  minimumCellSize: number | null;
  description: string;
}

function ProblemNotice({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <p role="alert" className={`error problem-${problem.kind}`} data-kind={problem.kind}>
      {problem.text}
    </p>
  );
}

function DisclosureNote({ disclosure }: { disclosure: Disclosure | null | undefined }) {
  if (disclosure === undefined) return <p>Reading your disclosure control…</p>;
  return (
    <section aria-label="Disclosure control">
      <p role="status" data-testid="budget" data-remaining={disclosure?.budget?.remaining ?? ''}>
        {budgetText(disclosure)}
      </p>
      {disclosure && (
        <p className="legend">
          Months with fewer than {disclosure.minimumCellSize} EHRs are suppressed (hatched, with no numbers; one more month may be hidden so that the total
          cannot reveal it). Reported counts are noised (Laplace, ±{disclosure.countNoiseScale} on average), and so are means ({disclosure.valueNoiseScale}{' '}
          standard deviation ÷ √EHRs).
        </p>
      )}
    </section>
  );
}

/** Pick an archetype element and a code, see the cohort by month; every request goes to the clinical subgraph. */
export function Dashboard() {
  const [elements, setElements] = useState<CohortElement[]>([]);
  const [disclosure, setDisclosure] = useState<Disclosure | null | undefined>(undefined);
  const [element, setElement] = useState('');
  const [codes, setCodes] = useState<CodeOption[]>([]);
  const [code, setCode] = useState('');
  const [months, setMonths] = useState(lastYear);
  const [result, setResult] = useState<Result | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const refreshDisclosure = () => fetchDisclosure().then(setDisclosure, (error: unknown) => setProblem(problemFrom(error)));

  useEffect(() => {
    fetchElements().then(setElements, (error: unknown) => setProblem(problemFrom(error)));
    void refreshDisclosure();
  }, []);

  /** Runs one research query, then shows the budget it left. */
  async function research(work: () => Promise<void>): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      await refreshDisclosure();
      setBusy(false);
    }
  }

  const chosen = elements[Number(element)];

  const pickElement = (index: string) => {
    setElement(index);
    setCodes([]);
    setCode('');
    setResult(null);
    const picked = elements[Number(index)];
    if (index === '' || !picked) return;
    void research(async () => {
      const options = codeOptions(await fetchCodes(picked));
      setCodes(options);
      setCode(options[0]?.code ?? '');
    });
  };

  const show = () => {
    const window = windowOf(months.from, months.to);
    if ('error' in window) return setProblem({ kind: 'input', text: `Bad input: ${window.error}` });
    if (!chosen) return setProblem({ kind: 'input', text: 'Bad input: pick an archetype element first.' });
    void research(async () => {
      const answer = await fetchMonthly({ ...chosen, ...(code ? { code } : {}), from: window.from, to: window.to });
      const points = monthlyPoints(answer, window.months, disclosure ?? null);
      const suppressed = points.filter((point) => point.status === 'suppressed').length;
      const description = `EHRs with ${code || 'any code'} by month, ${months.from} to ${months.to}: ${suppressed} of ${points.length} months suppressed`;
      setResult({ points, minimumCellSize: answer.minimumCellSize, description });
    });
  };

  return (
    <>
      <DisclosureNote disclosure={disclosure} />
      <form
        className="columns"
        onSubmit={(event) => {
          event.preventDefault();
          show();
        }}
      >
        <label>
          Archetype element{' '}
          <select value={element} onChange={(event) => pickElement(event.target.value)} disabled={busy}>
            <option value="">— choose —</option>
            {elements.map((option, index) => (
              <option key={`${option.archetypeId} ${option.elementPath}`} value={String(index)}>
                {elementLabel(option)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Code{' '}
          <select value={code} onChange={(event) => setCode(event.target.value)} disabled={busy || !chosen}>
            <option value="">any code</option>
            {codes.map((option) => (
              <option key={option.code} value={option.code}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="month" value={months.from} onChange={(event) => setMonths({ ...months, from: event.target.value })} />
        </label>
        <label>
          To <input type="month" value={months.to} onChange={(event) => setMonths({ ...months, to: event.target.value })} />
        </label>
        <p>
          <button type="submit" disabled={busy}>
            Show cohort
          </button>
        </p>
      </form>
      <ProblemNotice problem={problem} />
      {result && (
        <section aria-label="Cohort by month" className="columns">
          <div>
            <CohortChart points={result.points} minimumCellSize={result.minimumCellSize} summary={result.description} />
          </div>
          <div>
            <p>{result.description}</p>
            <MonthTable points={result.points} />
          </div>
        </section>
      )}
    </>
  );
}
