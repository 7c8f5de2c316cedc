import { ApiError } from "../../../sdk";

/** The server's own sentence when it gave one (it names the field or the state), else the error's message. */
export const errorText = (error: Error) => (error instanceof ApiError ? error.firstMessage : error.message);
