import { actionMount, isMountKind, MOUNT_READERS, type ActionMount } from "../store/action-mounts";
import type { StoreReader } from "../store/store";

/** The resource a job's `type` and `source` name, with what is mounted on it; undefined when there is none. */
export async function findActionMount(
  reader: StoreReader,
  type: string,
  source: string,
): Promise<ActionMount | undefined> {
  if (!isMountKind(type)) return undefined;
  const resource = await MOUNT_READERS[type](reader, source);
  return resource && actionMount(type, resource);
}
