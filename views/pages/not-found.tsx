// A dashboard 404: says what was not found and links back.
import { EmptyState, Layout } from "../layout.tsx";

export function NotFoundPage({ nonce, what, back }: { nonce: string; what: string; back: string }) {
  return (
    <Layout title={`${what} not found`} nonce={nonce}>
      <EmptyState title={`${what} not found.`}>
        It may have been deleted. <a href={back}>Back to the list</a>
      </EmptyState>
    </Layout>
  );
}
