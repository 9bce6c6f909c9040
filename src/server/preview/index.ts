// The preview's HTTP handlers, as the route table names them.

export { dryRunArtifact } from "./dry-run.ts";
export { projectPreviewPage, sceneComparePage, scenePreviewPage } from "./pages.ts";
export { withPreviewCsp } from "./page-csp.ts";
export { previewBundleFile, sandboxPage } from "./sandbox.ts";
