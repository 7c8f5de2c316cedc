import type { SignedOutReason } from "../session-store";

const REASONS: Record<Exclude<SignedOutReason, undefined>, string> = {
  invalid: "The sign-in link was not valid.",
  expired: "Your sign-in link has expired.",
  "signed-out": "You signed out.",
};

/** What a visitor without a token sees: how to get a sign-in link. */
export function SignedOutPage({ reason }: { reason: SignedOutReason }) {
  return (
    <main className="page-center">
      <section className="card" aria-labelledby="signed-out-title">
        <h1 id="signed-out-title">Jobs Panel</h1>
        {reason ? <p className="notice">{REASONS[reason]}</p> : null}
        <p>
          You are not signed in. The dashboard opens from a sign-in link, which keeps you signed in in this
          tab.
        </p>
        <ul className="hint-list">
          <li>
            Running locally? <code>npm start</code> prints a link for the operator and one for a user of the
            demo space.
          </li>
          <li>
            Otherwise ask whoever runs the platform for a link: they mint one with the secret key (
            <code>POST /v1/auth/tokens</code>).
          </li>
        </ul>
        <p className="muted">
          <a href="/v1/docs">API reference</a>
        </p>
      </section>
    </main>
  );
}
