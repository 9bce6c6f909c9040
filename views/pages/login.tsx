// Login page: one field for the admin token; a wrong token re-renders the form with the message.
import { Layout } from "../layout.tsx";

export function LoginPage({ nonce, next, error }: { nonce: string; next: string; error?: string }) {
  return (
    <Layout title="Log in" nonce={nonce} signedIn={false}>
      <form method="post" action="/login" class="card login">
        <h1>Log in to Clapper</h1>
        <p class="muted">Paste the admin token (ADMIN_TOKEN; the server prints a login URL when it made one up).</p>
        {error ? <div class="notice notice-error" role="alert">{error}</div> : null}
        <input type="hidden" name="next" value={next} />
        <label for="token">Admin token</label>
        <input type="password" name="token" id="token" autocomplete="current-password" required autofocus />
        <button type="submit" class="btn btn-primary">Log in</button>
      </form>
    </Layout>
  );
}
