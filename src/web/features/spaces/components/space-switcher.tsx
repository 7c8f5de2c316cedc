import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "../../../lib/router";
import { useApi } from "../../../lib/api-context";
import { spacePath } from "../../../lib/paths";
import { spacesQueryOptions } from "../api/spaces-query-options";

/**
 * The operator's space switcher in the header: every space they can open, and "All spaces". A native select: it
 * works with the keyboard and screen readers everywhere, and on a phone it opens the system's picker.
 */
export function SpaceSwitcher({ spaceId }: { spaceId: string | undefined }) {
  const api = useApi();
  const navigate = useNavigate();
  const spaces = useQuery(spacesQueryOptions(api));
  const list = spaces.data?.data ?? [];
  return (
    <label className="space-switcher" data-slot="space-switcher">
      <span className="visually-hidden">Space</span>
      <select
        value={spaceId ?? ""}
        disabled={!spaces.isSuccess}
        onChange={(event) => {
          const next = event.currentTarget.value;
          void navigate(next ? spacePath(next) : "/");
        }}
      >
        <option value="">All spaces</option>
        {list.map((space) => (
          <option key={space.id} value={space.id}>
            {space.name}
          </option>
        ))}
        {spaceId && spaces.isSuccess && !list.some((space) => space.id === spaceId) ? (
          <option value={spaceId}>This space</option>
        ) : null}
      </select>
    </label>
  );
}
