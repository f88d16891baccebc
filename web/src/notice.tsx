import { type ReactNode, type Ref, useEffect, useRef, useState } from 'react';

/**
 * A message that takes focus when it appears: `error` (role alert, red) for what went
 * wrong, `status` (role status) for what was done.
 */
export function Notice(props: {
  kind: 'error' | 'status';
  ref?: Ref<HTMLDivElement>;
  testId?: string;
  children: ReactNode;
}) {
  const look =
    props.kind === 'error'
      ? 'border-error-1 bg-red-50 text-error-2'
      : 'border-key-900 bg-key-50 text-solid-gray-900';
  return (
    <div
      ref={props.ref}
      tabIndex={-1}
      role={props.kind === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
      className={`mt-6 rounded-8 border-2 p-4 text-std-16N-170 ${look}`}
    >
      {props.children}
    </div>
  );
}

/**
 * A form's one message: `show` sets it, and focus moves to it once drawn; `view` is the
 * Notice to place (or nothing yet).
 */
export function useNotice() {
  const [notice, setNotice] = useState<{ kind: 'error' | 'status'; text: string } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  // Focus once the new message is on the page (each `show` is a new object, even for the same text).
  useEffect(() => {
    if (notice) ref.current?.focus();
  }, [notice]);
  const show = (kind: 'error' | 'status', text: string) => setNotice({ kind, text });
  const view = notice && (
    <Notice kind={notice.kind} ref={ref}>
      {notice.text}
    </Notice>
  );
  return { show, view };
}
