import { useQuery } from "@tanstack/react-query";
import { Link } from "../../../lib/router";
import { useApi } from "../../../lib/api-context";
import { spacePath } from "../../../lib/paths";
import { dateTimeText } from "../../../lib/time-text";
import { spacesQueryOptions } from "../api/spaces-query-options";
import { errorText } from "../../../lib/error-text";

/** Every space of the environment, for operators. */
export function SpaceListPage() {
  const api = useApi();
  const spaces = useQuery(spacesQueryOptions(api));
  return (
    <main className="content" id="main">
      <h1>Spaces</h1>
      <p>
        <Link to="/jobs">All jobs</Link> · <Link to="/listeners">Listeners</Link> ·{" "}
        <Link to="/jobs/metrics">Metrics</Link>
      </p>
      {spaces.isPending ? <p className="muted">Loading spaces…</p> : null}
      {spaces.isError ? (
        <p className="error-text">Could not load the spaces: {errorText(spaces.error)}</p>
      ) : null}
      {spaces.data?.data.length === 0 ? <p className="muted">There is no space yet.</p> : null}
      <ul className="card-list">
        {spaces.data?.data.map((space) => (
          <li key={space.id}>
            <Link className="card-link" to={spacePath(space.id)}>
              <span className="card-link-title">{space.name || space.id}</span>
              <span className="muted">Created {dateTimeText(space.createdAt)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
