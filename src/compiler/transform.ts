// One sucrase pass (typescript + jsx, classic runtime) with the scene plan applied inside it, so the
// TSX is parsed exactly once and output lines stay aligned with input lines.

import { HelperManager } from "sucrase/dist/esm/HelperManager";
import NameManager from "sucrase/dist/esm/NameManager";
import TokenProcessor from "sucrase/dist/esm/TokenProcessor";
import { parse } from "sucrase/dist/esm/parser";
import RootTransformer from "sucrase/dist/esm/transformers/RootTransformer";
import ESMImportTransformer from "sucrase/dist/esm/transformers/ESMImportTransformer";
import Transformer from "sucrase/dist/esm/transformers/Transformer";
import { planScene, type Edit, type ScenePlan } from "./plan";
import type { CompilationVersion } from "./types";

const SUCRASE_OPTIONS = {
  transforms: ["typescript", "jsx"] as ("typescript" | "jsx")[],
  jsxRuntime: "classic" as const,
  production: true,
  // Scenes run in current Chromium: keep ?. ?? and class fields as written instead of helpers.
  disableESTransforms: true,
};

/** Applies the planned edits as sucrase walks the tokens; runs before sucrase's own transformers. */
class ScenePlanTransformer extends Transformer {
  constructor(
    private readonly tokens: TokenProcessor,
    private readonly edits: Map<number, Edit>,
  ) {
    super();
  }

  process(): boolean {
    const edit = this.edits.get(this.tokens.currentIndex());
    if (!edit) return false;
    this.tokens.replaceToken(edit.text);
    while (this.tokens.currentIndex() < edit.end) this.tokens.removeToken();
    return true;
  }
}

interface TransformOutput {
  code: string;
  plan: ScenePlan;
  tokens: TokenProcessor;
}

/** Throws sucrase's SyntaxError (with `pos`) for unparsable input. */
export function transformScene(tsx: string, version: CompilationVersion): TransformOutput {
  const file = parse(tsx, true, true, false);
  const nameManager = new NameManager(tsx, file.tokens);
  const helperManager = new HelperManager(nameManager);
  const tokens = new TokenProcessor(tsx, file.tokens, false, true, helperManager);

  const plan = planScene(tokens, file.scopes, nameManager, version);
  if (plan.error) return { code: "", plan, tokens };

  // The plan already converted every import and export, so sucrase's ESM import pass is dropped below;
  // keepUnusedImports stops its constructor from making two whole-file scans for type elision first.
  const root = new RootTransformer(
    { tokenProcessor: tokens, scopes: file.scopes, nameManager, importProcessor: null, helperManager },
    SUCRASE_OPTIONS.transforms,
    false,
    { ...SUCRASE_OPTIONS, keepUnusedImports: true },
  );
  const pipeline = root as unknown as { transformers: Transformer[] };
  pipeline.transformers = pipeline.transformers.filter((t) => !(t instanceof ESMImportTransformer));
  pipeline.transformers.unshift(new ScenePlanTransformer(tokens, plan.edits));
  const { code } = root.transform();
  return { code, plan, tokens };
}
