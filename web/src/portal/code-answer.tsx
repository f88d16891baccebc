import type { FormEvent, ReactNode } from 'react';
import { Required } from './acting.tsx';
import { FIELD, LABEL, PRIMARY, SECONDARY } from './ui.ts';

/**
 * The other side of a one-time code (a proxy's mandate, a corporation's invitation): type
 * the code, see what it asks, then accept or decline it.
 */
export function CodeAnswer(props: {
  id: string;
  title: string;
  lead?: string;
  label: string;
  lookup: string;
  onLookup: (e: FormEvent<HTMLFormElement>) => void;
  /** What the code asks, once looked up; null before. */
  asked: ReactNode | null;
  testId: string;
  accept: string;
  decline: string;
  onAnswer: (accept: boolean) => void;
  className?: string;
}) {
  return (
    <section
      aria-labelledby={props.id}
      className={`${props.className ?? 'mt-8'} rounded-8 border border-solid-gray-420 p-6`}
    >
      <h2 id={props.id} className="text-std-24B-150">
        {props.title}
      </h2>
      {props.lead && <p className="mt-2 max-w-3xl">{props.lead}</p>}
      <form onSubmit={props.onLookup} noValidate>
        <label className={`${LABEL} mt-4`}>
          {props.label} <Required />
          <input name="code" autoComplete="off" className={FIELD} />
        </label>
        <button type="submit" className={`${SECONDARY} mt-4`}>
          {props.lookup}
        </button>
      </form>
      {props.asked && (
        <div className="mt-6 rounded-8 bg-solid-gray-50 p-4" data-testid={props.testId}>
          {props.asked}
          <div className="mt-4 flex gap-4">
            <button type="button" className={PRIMARY} onClick={() => props.onAnswer(true)}>
              {props.accept}
            </button>
            <button type="button" className={SECONDARY} onClick={() => props.onAnswer(false)}>
              {props.decline}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
