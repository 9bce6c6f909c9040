// The dashboard's error page (404 and every other failure of a page route): says what went wrong, links back.
import { EmptyState, Layout } from "../layout.tsx";

const TITLES: Record<number, string> = { 400: "Bad request", 403: "Forbidden", 404: "Not found", 409: "Conflict" };

export function ErrorPage({ nonce, status, message }: { nonce: string; status: number; message: string }) {
  const title = TITLES[status] ?? (status >= 500 ? "Something went wrong" : "Request failed");
  return (
    <Layout title={title} nonce={nonce}>
      <EmptyState title={`${title}.`}>
        <span data-status={String(status)}>{message}</span> <a href="/scenes">Back to the scenes</a>
      </EmptyState>
    </Layout>
  );
}
