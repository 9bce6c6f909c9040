// Reads sucrase's token stream once and plans every scene-specific edit: import bindings, export
// stripping, version-2 global rewrites, warnings — all from tokens, never from raw text.

import type NameManager from "sucrase/dist/esm/NameManager";
import type TokenProcessor from "sucrase/dist/esm/TokenProcessor";
import { IdentifierRole, type Token } from "sucrase/dist/esm/parser/tokenizer";
import { ContextualKeyword } from "sucrase/dist/esm/parser/tokenizer/keywords";
import { TokenType as tt } from "sucrase/dist/esm/parser/tokenizer/types";
import identifyShadowedGlobals from "sucrase/dist/esm/identifyShadowedGlobals";
import type { Scope } from "sucrase/dist/esm/parser/tokenizer/state";
import getImportExportSpecifierInfo from "sucrase/dist/esm/util/getImportExportSpecifierInfo";
import getTSImportedNames from "sucrase/dist/esm/util/getTSImportedNames";
import { getNonTypeIdentifiers } from "sucrase/dist/esm/util/getNonTypeIdentifiers";
import { findComponent } from "./component";
import { unboundRemotionNames } from "./unbound-remotion";
import { locate } from "./location";
import {
  isAllowedModule,
  moduleExpression,
  PROVIDED_WINDOW_GLOBALS,
  PROVIDED_WINDOW_NAMES_TEXT,
  unknownModuleMessage,
} from "./modules";
import type { Autofix, CompilationVersion } from "./types";

/** Replace tokens [start, end) with `text` (whitespace and newlines between them are kept). */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface PlanError {
  code: "unknown_module" | "unsupported_syntax" | "no_component";
  message: string;
  /** Character offset in the TSX. */
  pos: number;
}

export interface ScenePlan {
  edits: Map<number, Edit>;
  /** Code put before line 1's text (same line, so line numbers stay aligned). */
  prefix: string;
  componentName: string | null;
  error: PlanError | null;
  warnings: string[];
  autofixes: Autofix[];
  /** Top-level declared names → token indexes of their declarations (for construct-check errors). */
  declarations: Map<string, number[]>;
}

const GENERATED_COMPONENT_NAME = "DefaultScene";
const WINDOW_NAMES = new Set(["window", "globalThis"]);
const TOP_LEVEL_ROLES = new Set<number>([
  IdentifierRole.TopLevelDeclaration,
  IdentifierRole.ObjectShorthandTopLevelDeclaration,
  IdentifierRole.ImportDeclaration,
]);

class Planner {
  readonly plan: ScenePlan = {
    edits: new Map(),
    prefix: "",
    componentName: null,
    error: null,
    warnings: [],
    autofixes: [],
    declarations: new Map(),
  };
  private readonly toks: Token[];
  private nonTypeNames: Set<string> | null = null;
  private defaultExport: string | null = null;
  private defaultExportPos = 0;

  constructor(
    private readonly tp: TokenProcessor,
    private readonly scopes: Scope[],
    private readonly names: NameManager,
    private readonly version: CompilationVersion,
  ) {
    this.toks = tp.tokens;
  }

  run(): ScenePlan {
    const toks = this.toks;
    for (let i = 0; i < toks.length && !this.plan.error; i++) {
      const t = toks[i];
      if (t.isType) continue;
      if (t.type === tt._import) i = this.importStatement(i);
      else if (t.type === tt._export && t.scopeDepth === 0) i = this.exportStatement(i);
      else if (t.type === tt.name || t.type === tt.jsxName) this.name(i); // jsxName: `<window.X>` tags
    }
    if (this.plan.error) return this.plan;
    if (this.version === 2 && !this.plan.declarations.has("React")) {
      this.plan.prefix = `const React = ${moduleExpression("react", 2)}; `;
    }
    this.bindUnboundRemotionNames();
    this.plan.componentName = this.defaultExport ?? this.fallbackComponent();
    if (this.defaultExport && !this.plan.declarations.has(this.defaultExport)) {
      this.fail("no_component", `The default export "${this.defaultExport}" is not declared in the scene.`, this.defaultExportPos);
    }
    return this.plan;
  }

  /** `spring(…)` with `spring` declared nowhere: bound from the remotion module on line 1 (lines stay aligned). */
  private bindUnboundRemotionNames(): void {
    const names = unboundRemotionNames(this.tp);
    if (names.length === 0) return;
    this.plan.prefix += `const { ${names.join(", ")} } = ${moduleExpression("remotion", this.version)}; `;
    for (const name of names) this.plan.autofixes.push({ kind: "bind-remotion", name });
  }

  private fail(code: PlanError["code"], message: string, pos: number): number {
    this.plan.error ??= { code, message, pos };
    return this.toks.length;
  }

  private edit(start: number, end: number, text: string): void {
    this.plan.edits.set(start, { start, end, text });
  }

  private at(i: number): Token {
    return this.toks[Math.min(i, this.toks.length - 1)];
  }

  private is(i: number, type: number): boolean {
    return this.at(i).type === type;
  }

  private isContextual(i: number, keyword: ContextualKeyword): boolean {
    const t = this.at(i);
    return t.type === tt.name && t.contextualKeyword === keyword;
  }

  private nameAt(i: number): string {
    return this.tp.identifierNameAtIndex(i);
  }

  /** Identifiers, declarations and `window.X` accesses. */
  private name(i: number): void {
    const t = this.toks[i];
    if (t.identifierRole !== null && TOP_LEVEL_ROLES.has(t.identifierRole)) {
      const name = this.nameAt(i);
      const list = this.plan.declarations.get(name);
      if (list) list.push(i);
      else this.plan.declarations.set(name, [i]);
      return;
    }
    if (t.identifierRole !== IdentifierRole.Access || !this.is(i + 1, tt.dot) || !(this.is(i + 2, tt.name) || this.is(i + 2, tt.jsxName))) return;
    const object = this.nameAt(i);
    if (!WINDOW_NAMES.has(object)) return;
    const member = this.nameAt(i + 2);
    const provided = PROVIDED_WINDOW_GLOBALS[member];
    if (provided) {
      if (this.version === 2 && !this.dropsRedundantAlias(i, member, moduleExpression(provided, 2))) {
        this.edit(i, i + 3, moduleExpression(provided, 2));
      }
    } else if (/^[A-Z]/.test(member)) {
      const { line } = locate(this.tp.code, t.start);
      this.plan.warnings.push(
        `line ${line}: ${object}.${member} is not provided by the scene runtime (only ${PROVIDED_WINDOW_NAMES_TEXT} are)`,
      );
    }
  }

  /**
   * v2: `const Remotion = window.Remotion;` would redeclare the `Remotion` parameter, so the whole
   * statement goes (the parameter already is that value). `i` is the index of `window`.
   */
  private dropsRedundantAlias(i: number, member: string, expr: string): boolean {
    if (member !== expr || i < 3 || !this.is(i - 1, tt.eq) || this.nameAt(i - 2) !== member) return false;
    const keyword = this.at(i - 3).type;
    if (keyword !== tt._const && keyword !== tt._let && keyword !== tt._var) return false;
    const end = this.is(i + 3, tt.semi) ? i + 4 : i + 3;
    if (this.is(end - 1, tt.comma) || this.is(i + 3, tt.comma) || this.is(i + 3, tt.dot)) return false;
    this.edit(i - 3, end, "");
    this.plan.autofixes.push(`"${this.tp.code.slice(this.at(i - 3).start, this.at(end - 1).end)}" dropped: ${expr} is a parameter in version 2`);
    return true;
  }

  /** Is an imported name used as a value? (TypeScript elides imports used only as types.) Scans lazily: most scenes import nothing. */
  private isRuntimeName(name: string): boolean {
    if (!this.nonTypeNames) identifyShadowedGlobals(this.tp, this.scopes, getTSImportedNames(this.tp));
    this.nonTypeNames ??= getNonTypeIdentifiers(this.tp, {
      transforms: ["typescript", "jsx"],
      jsxRuntime: "classic",
      production: true,
    });
    return this.nonTypeNames.has(name);
  }

  /** `import …` — converted to `const` bindings of the provided modules; returns the last index used. */
  private importStatement(i: number): number {
    const t = this.toks[i];
    if (this.is(i + 1, tt.parenL)) return this.fail("unsupported_syntax", "Dynamic import() is not supported in scenes.", t.start);
    if (this.is(i + 1, tt.dot)) return this.fail("unsupported_syntax", "import.meta is not available in scenes.", t.start);
    if (this.is(i + 1, tt.name) && this.is(i + 2, tt.eq)) {
      return this.fail("unsupported_syntax", 'TypeScript "import x = require()" is not supported; use "import x from".', t.start);
    }
    let source = i + 1;
    while (source < this.toks.length && !this.is(source, tt.string)) source++;
    if (source >= this.toks.length) return this.fail("unsupported_syntax", "Malformed import.", t.start);
    let end = source + 1;
    if ((this.is(end, tt._with) || this.isContextual(end, ContextualKeyword._assert)) && this.is(end + 1, tt.braceL)) {
      while (end < this.toks.length && !this.is(end, tt.braceR)) end++;
      end++;
    }
    if (this.is(end, tt.semi)) end++;
    for (let j = i + 1; j < source; j++) if (this.toks[j].type === tt.name && !this.toks[j].isType) this.name(j);

    const module = this.tp.stringValueAtIndex(source);
    const wholeImportIsType = this.isContextual(i + 1, ContextualKeyword._type) && !this.is(i + 2, tt.comma) && !this.isContextual(i + 2, ContextualKeyword._from);
    const bindings = wholeImportIsType ? [] : this.importBindings(i + 1, source);
    const bare = source === i + 1;
    if (!isAllowedModule(module)) {
      if (bindings.length > 0 || bare) return this.fail("unknown_module", unknownModuleMessage(module), this.toks[source].start);
      this.edit(i, end, "");
      return end - 1;
    }
    const expr = moduleExpression(module, this.version);
    const statements = bindings.map((b) => {
      if (b.kind === "named") return `const { ${b.names.join(", ")} } = ${expr};`;
      if (b.kind === "default" && module === "remotion") {
        this.plan.autofixes.push(`default import "${b.local}" of "remotion" bound to the module namespace`);
      }
      if (b.local === expr) {
        this.plan.autofixes.push(`import of "${module}" as ${b.local} uses the ${expr} parameter directly`);
        return "";
      }
      return `const ${b.local} = ${expr};`;
    });
    this.edit(i, end, statements.filter(Boolean).join(" "));
    return end - 1;
  }

  private importBindings(from: number, source: number): ImportBinding[] {
    const out: ImportBinding[] = [];
    let p = from;
    if (this.is(p, tt.name) && !this.isContextual(p, ContextualKeyword._from)) {
      const local = this.nameAt(p);
      if (this.isRuntimeName(local)) out.push({ kind: "default", local });
      p++;
      if (this.is(p, tt.comma)) p++;
    }
    if (this.is(p, tt.star)) {
      const local = this.nameAt(p + 2);
      if (this.isRuntimeName(local)) out.push({ kind: "namespace", local });
    } else if (this.is(p, tt.braceL)) {
      p++;
      const names: string[] = [];
      while (p < source && !this.is(p, tt.braceR)) {
        const spec = getImportExportSpecifierInfo(this.tp, p);
        if (!spec.isType && spec.rightName && this.isRuntimeName(spec.rightName)) {
          names.push(spec.leftName === spec.rightName ? spec.rightName : `${spec.leftName}: ${spec.rightName}`);
        }
        p = spec.endIndex;
        if (this.is(p, tt.comma)) p++;
      }
      if (names.length > 0) out.push({ kind: "named", names });
    }
    return out;
  }

  /** `export …` at the top level — stripped; the default export names the component. */
  private exportStatement(i: number): number {
    const t = this.toks[i];
    const end = t.rhsEndIndex ?? i + 1;
    if (this.isContextual(i + 1, ContextualKeyword._type)) {
      this.edit(i, end, ""); // `export type {…}` / `export type * from`: types only
      return end - 1;
    }
    if (this.is(i + 1, tt._default)) return this.exportDefault(i, end);
    if (this.is(i + 1, tt.braceL)) return this.exportList(i, end);
    if (this.is(i + 1, tt.star) || this.is(i + 1, tt.eq) || this.is(i + 1, tt._import)) {
      return this.fail("unsupported_syntax", "Re-exports and `export =` are not supported in scenes.", t.start);
    }
    this.edit(i, i + 1, ""); // export const/let/var/function/class/enum: keep the declaration
    return i;
  }

  private setDefault(name: string, pos: number): boolean {
    if (this.defaultExport !== null) {
      this.fail("unsupported_syntax", "A scene can have only one default export.", pos);
      return false;
    }
    this.defaultExport = name;
    this.defaultExportPos = pos;
    return true;
  }

  private exportDefault(i: number, end: number): number {
    const pos = this.toks[i].start;
    let decl = i + 2;
    if (this.isContextual(decl, ContextualKeyword._async) && this.is(decl + 1, tt._function)) decl++;
    const isFunction = this.is(decl, tt._function);
    if (isFunction || this.is(decl, tt._class)) {
      const nameSlot = isFunction && this.is(decl + 1, tt.star) ? decl + 1 : decl;
      if (this.is(nameSlot + 1, tt.name) && !this.is(nameSlot + 1, tt._implements)) {
        if (!this.setDefault(this.nameAt(nameSlot + 1), pos)) return this.toks.length;
        this.edit(i, i + 2, "");
        return i + 1;
      }
      if (isFunction) {
        const generated = this.generatedName(pos);
        if (!generated) return this.toks.length;
        this.edit(i, i + 2, "");
        this.edit(nameSlot, nameSlot + 1, `${this.tp.rawCodeForToken(this.toks[nameSlot])} ${generated}`);
        return nameSlot;
      }
    }
    const onlyIdentifier = this.is(i + 2, tt.name) && (end === i + 3 || (end === i + 4 && this.is(i + 3, tt.semi)));
    if (onlyIdentifier) {
      if (!this.setDefault(this.nameAt(i + 2), pos)) return this.toks.length;
      this.edit(i, end, "");
      return end - 1;
    }
    const generated = this.generatedName(pos);
    if (!generated) return this.toks.length;
    this.edit(i, i + 2, `const ${generated} =`);
    return i + 1;
  }

  private generatedName(pos: number): string | null {
    const name = this.names.claimFreeName(GENERATED_COMPONENT_NAME);
    if (!this.setDefault(name, pos)) return null;
    this.plan.declarations.set(name, []);
    this.plan.autofixes.push(`anonymous default export named ${name}`);
    return name;
  }

  private exportList(i: number, end: number): number {
    let p = i + 2;
    while (p < end && !this.is(p, tt.braceR)) {
      const spec = getImportExportSpecifierInfo(this.tp, p);
      if (!spec.isType && spec.rightName === "default" && spec.leftName) {
        if (!this.setDefault(spec.leftName, this.toks[p].start)) return this.toks.length;
      }
      p = spec.endIndex;
      if (this.is(p, tt.comma)) p++;
    }
    if (this.isContextual(p + 1, ContextualKeyword._from)) {
      return this.fail("unsupported_syntax", "Re-exports from other modules are not supported in scenes.", this.toks[i].start);
    }
    this.edit(i, end, "");
    return end - 1;
  }

  private fallbackComponent(): string | null {
    const found = findComponent(this.tp, this.plan.declarations);
    if (found && !found.capitalised) {
      this.plan.autofixes.push(`no default export or capitalised component: returning ${found.name}`);
    }
    if (!found) {
      this.fail(
        "no_component",
        "No component found. Add `export default function MyScene() { … }` or declare a capitalised component.",
        Math.max(0, this.tp.code.length - 1),
      );
    }
    return found?.name ?? null;
  }
}

type ImportBinding =
  | { kind: "default" | "namespace"; local: string }
  | { kind: "named"; names: string[] };

export function planScene(tp: TokenProcessor, scopes: Scope[], names: NameManager, version: CompilationVersion): ScenePlan {
  return new Planner(tp, scopes, names, version).run();
}
