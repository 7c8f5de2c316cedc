import type { SpaceFile } from "../../../../core";
import { useActionAvailability } from "../use-action-availability";
import { useActionLauncher } from "../use-action-launcher";
import { ActionDialogs } from "./action-dialogs";
import { ActionFailure } from "./action-failure";
import { ActionIcon } from "./action-icon";
import { ActionMenu } from "./action-menu";

/** A file's actions, in its menu ("Actions for october.csv"). */
export function FileActionsMenu({ spaceId, file }: { spaceId: string; file: SpaceFile }) {
  const scope = { spaceId, domain: "file", resourceId: file.id, blockingIds: [file.id] } as const;
  const launcher = useActionLauncher(scope);
  const reasonFor = useActionAvailability(scope, file.actions);
  return (
    <div className="file-actions" data-slot="file-actions-menu">
      <ActionMenu
        actions={file.actions}
        reasonFor={reasonFor}
        launcher={launcher}
        triggerLabel={`Actions for ${file.name}`}
        empty="This file has no actions"
        trigger={<ActionIcon name="more" />}
      />
      <ActionFailure launcher={launcher} />
      <ActionDialogs launcher={launcher} />
    </div>
  );
}
