import type { ReactNode } from "react";

/** A list or page that has nothing to show, with what to do next. */
export function EmptyState({
  title,
  children,
}: {
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="rounded-md border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children ? (
        <div className="mt-2 text-sm text-slate-600">{children}</div>
      ) : null}
    </div>
  );
}

/** A failure the user should read: announced to screen readers at once. */
export function ErrorState({
  title,
  children,
}: {
  title: string;
  children?: ReactNode;
}) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-danger"
    >
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-1 text-red-900">{children}</div> : null}
    </div>
  );
}

/** Information about how the page was interpreted, such as ignored filters. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      {children}
    </div>
  );
}
