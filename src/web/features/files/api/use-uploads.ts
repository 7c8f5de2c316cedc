import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { FileMode, SpaceFile } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import { fileKeys } from "../../spaces";
import { uploadErrorText } from "../upload-error";

/** One file on its way to the server, or there, failed or cancelled. */
export type Upload = {
  key: string;
  name: string;
  size: number;
  /** 0-100. */
  percent: number;
  state: "uploading" | "done" | "failed" | "cancelled";
  error?: string;
};

/** Screen readers hear an upload start, cross each quarter and end; more would drown the page. */
const STEP = 25;

let counter = 0;

/**
 * Uploads files into a space one request each, all at once, with their progress; `cancel` aborts one in flight.
 * `announcement` is the latest sentence for a polite live region.
 */
export function useUploads(spaceId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const controllers = useRef(new Map<string, AbortController>());

  const patch = (key: string, change: Partial<Upload>) =>
    setUploads((all) => all.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));

  async function uploadOne(file: File, mode: FileMode): Promise<SpaceFile | undefined> {
    const key = `upload-${++counter}`;
    const controller = new AbortController();
    controllers.current.set(key, controller);
    setUploads((all) => [...all, { key, name: file.name, size: file.size, percent: 0, state: "uploading" }]);
    setAnnouncement(`Uploading ${file.name}`);
    let shown = 0;
    let announced = 0;
    try {
      const stored = await api.files.upload(
        { spaceId, mode, file },
        {
          signal: controller.signal,
          onUploadProgress: (loaded, total) => {
            const percent = total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 0;
            if (percent === shown) return;
            shown = percent;
            patch(key, { percent });
            const step = Math.floor(percent / STEP) * STEP;
            if (step > announced && percent < 100) {
              announced = step;
              setAnnouncement(`${file.name}: ${step}% uploaded`);
            }
          },
        },
      );
      patch(key, { percent: 100, state: "done" });
      setAnnouncement(`${file.name} uploaded`);
      await queryClient.invalidateQueries({ queryKey: fileKeys.list(spaceId) });
      return stored;
    } catch (error) {
      if (controller.signal.aborted) {
        patch(key, { state: "cancelled" });
        setAnnouncement(`Upload of ${file.name} cancelled`);
      } else {
        const text = uploadErrorText(error);
        patch(key, { state: "failed", error: text });
        setAnnouncement(`${file.name} was not uploaded: ${text}`);
      }
    } finally {
      controllers.current.delete(key);
    }
    return undefined;
  }

  return {
    uploads,
    announcement,
    /** Starts one upload per file into `mode`; resolves with each stored file (undefined when not uploaded). */
    upload: (files: Iterable<File>, mode: FileMode) =>
      Promise.all(Array.from(files, (file) => uploadOne(file, mode))),
    cancel: (key: string) => controllers.current.get(key)?.abort(),
    dismiss: (key: string) => setUploads((all) => all.filter((upload) => upload.key !== key)),
  };
}
