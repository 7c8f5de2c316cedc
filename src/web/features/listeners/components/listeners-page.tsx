import { useQuery } from "@tanstack/react-query";
import { formatCount } from "../../../../core";
import { RelativeTime } from "../../../components/ui/relative-time";
import { useApi } from "../../../lib/api-context";
import { errorText } from "../../../lib/error-text";
import { Navigate } from "../../../lib/router";
import { useSession } from "../../auth";
import { listenersQueryOptions, type Listener } from "../api/listeners-query-options";
import { handledText } from "../listener-text";
import "../listeners.css";

/** `/listeners`: the listeners connected to the environment and those gone in the last minutes, for operators. */
export function ListenersPage() {
  const session = useSession();
  if (session?.role !== "operator") return <Navigate to="/" replace />;
  return <ListenersList />;
}

function ListenersList() {
  const api = useApi();
  const listeners = useQuery(listenersQueryOptions(api, { includeDisconnected: true }));
  const connected = listeners.data?.filter((listener) => listener.status === "connected");
  const gone = listeners.data?.filter((listener) => listener.status === "disconnected");
  return (
    // In the tab order: it scrolls when the list is long, and holds no control that keyboard users could reach it by.
    <main className="content listeners-page" id="main" tabIndex={0}>
      <div className="jt-header">
        <div>
          <p className="eyebrow">Every space</p>
          <h1>Listeners</h1>
        </div>
        {connected ? (
          <p className="muted listeners-count" data-slot="listeners-count">
            {formatCount(connected.length)} connected
          </p>
        ) : null}
      </div>
      {listeners.isPending ? <p className="muted">Loading listeners…</p> : null}
      {listeners.isError ? (
        <p className="notice" role="alert">
          Could not load the listeners: {errorText(listeners.error)}
        </p>
      ) : null}
      {connected?.length === 0 ? (
        <div className="listeners-empty" data-slot="listeners-empty">
          <p>
            <strong>No listener is connected.</strong> Jobs wait in the queue until one that handles them
            connects.
          </p>
          <p className="muted">
            Start one with the SDK&apos;s <code>createListener().mount()</code>, or run the demo listener with{" "}
            <code>npm start</code>.
          </p>
        </div>
      ) : null}
      {connected?.length ? <ListenerTable caption="Connected listeners" listeners={connected} /> : null}
      {gone?.length ? (
        <section className="listeners-gone" aria-labelledby="listeners-gone-title">
          <h2 id="listeners-gone-title">Recently disconnected</h2>
          <ListenerTable caption="Listeners disconnected in the last minutes" listeners={gone} />
        </section>
      ) : null}
    </main>
  );
}

/**
 * One row a listener. Below 640 px each row is a card whose cells say what they are (`data-label`), so nine columns
 * never need a sideways scroll on a phone.
 */
function ListenerTable({ caption, listeners }: { caption: string; listeners: readonly Listener[] }) {
  const disconnected = listeners.some((listener) => listener.status === "disconnected");
  return (
    <table className="summary-table listeners-table" data-slot="listeners-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Version</th>
          <th scope="col">Host</th>
          <th scope="col">Connected</th>
          <th scope="col">{disconnected ? "Disconnected" : "Last seen"}</th>
          <th scope="col">In flight</th>
          <th scope="col">Handled</th>
          <th scope="col">Handles</th>
        </tr>
      </thead>
      <tbody>
        {listeners.map((listener) => (
          <tr key={listener.id} data-listener-id={listener.id} data-status={listener.status}>
            <th scope="row" className="listener-name">
              {listener.name}
            </th>
            <td data-label="Version">{listener.version ?? "—"}</td>
            <td data-label="Host" className="listener-host">
              {listener.host ?? "—"}
            </td>
            <td data-label="Connected">
              <RelativeTime at={listener.connectedAt} />
            </td>
            <td data-label={disconnected ? "Disconnected" : "Last seen"}>
              <RelativeTime at={listener.disconnectedAt ?? listener.lastSeenAt} />
            </td>
            <td data-label="In flight">{formatCount(listener.jobsInFlight)}</td>
            <td data-label="Handled">{formatCount(listener.jobsHandled)}</td>
            <td data-label="Handles">
              <ul className="listener-handles">
                {handledText(listener.handles).map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
