import { useQuery } from "@tanstack/react-query";
import { useParams } from "../../../lib/router";
import { useApi } from "../../../lib/api-context";
import { DocumentActions } from "../../actions";
import { BlockingRegion } from "../../jobs";
import { documentsQueryOptions } from "../../spaces";
import { DocumentBody } from "./document-body";
import "../documents.css";
import { errorText } from "../../../lib/error-text";

/** `/space/:spaceId/document/:documentId`: a document of the space, with its actions top right. */
export function DocumentPage() {
  const { spaceId = "", documentId = "" } = useParams();
  const api = useApi();
  // The space's list: document events refresh it, so an action that rewrites the page shows at once.
  const documents = useQuery(documentsQueryOptions(api, spaceId));
  const document = documents.data?.find((item) => item.id === documentId);
  return (
    <main className="content document-view" id="main">
      <p className="eyebrow">Document</p>
      {documents.isPending ? <p className="muted">Loading the document…</p> : null}
      {documents.isError ? (
        <p className="error-text">Could not load the document: {errorText(documents.error)}</p>
      ) : null}
      {documents.isSuccess && !document ? (
        <>
          <h1>Document not found</h1>
          <p className="muted">This document does not exist (any more).</p>
        </>
      ) : null}
      {document ? (
        <>
          <div className="view-header">
            <h1>{document.title}</h1>
            <DocumentActions spaceId={spaceId} document={document} />
          </div>
          <BlockingRegion spaceId={spaceId} resourceIds={[document.id]}>
            <article className="document-page" aria-label={document.title}>
              <DocumentBody body={document.body} />
            </article>
          </BlockingRegion>
        </>
      ) : null}
    </main>
  );
}
