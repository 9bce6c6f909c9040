// Server side of a deployment extra's asset provider (compile side: ExtraDefinition.isAsset in src/runtime/extras).

export interface ExtraAssetData {
  /** Asset name → anything structured-cloneable; handed into the frame as `context.assets.extras[extraName]`. */
  data: Record<string, unknown>;
  warnings: string[];
}

export type ExtraAssetProvider = (names: string[]) => Promise<ExtraAssetData>;

/**
 * Extra name → its resolver. The built-in extras need none (icons and fonts have their own channels).
 * A deployment registers here, e.g. `Avatar: async (names) => ({ data: await readAvatars(names), warnings: [] })`.
 */
export const EXTRA_ASSET_PROVIDERS: Record<string, ExtraAssetProvider> = {};

export async function resolveExtraAssets(requests: Record<string, string[]>): Promise<{ extras: Record<string, Record<string, unknown>>; warnings: string[] }> {
  const extras: Record<string, Record<string, unknown>> = {};
  const warnings: string[] = [];
  for (const [name, names] of Object.entries(requests)) {
    const provider = Object.hasOwn(EXTRA_ASSET_PROVIDERS, name) ? EXTRA_ASSET_PROVIDERS[name] : undefined;
    if (!provider) {
      warnings.push(`Extra ${name} has no asset provider on this server: ${names.length} asset(s) not delivered`);
      continue;
    }
    const resolved = await provider(names);
    extras[name] = resolved.data;
    warnings.push(...resolved.warnings);
  }
  return { extras, warnings };
}
