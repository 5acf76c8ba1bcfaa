import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-6 py-24">
      <h1 className="text-3xl font-semibold text-brand-900">NexoraSIM Portal</h1>
      <p className="text-lg text-slate-700">
        Provision, transfer and revoke the eSIM profiles of your device fleet,
        and follow every carrier operation from order to installation.
      </p>
      <div>
        <Link
          href="/sign-in"
          className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Sign in
        </Link>
      </div>
    </main>
  );
}
