import type { SpaceDocument } from "../../../../core";
import { ActionBar } from "./action-bar";

/** A document's actions, top right of its page. */
export function DocumentActions({ spaceId, document }: { spaceId: string; document: SpaceDocument }) {
  return (
    <ActionBar
      label={`Actions for ${document.title}`}
      actions={document.actions}
      scope={{ spaceId, domain: "document", resourceId: document.id, blockingIds: [document.id] }}
    />
  );
}
