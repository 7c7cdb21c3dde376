import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BENCH_DIR } from './bench-dir';
import { MEASURED_PACKAGES, type MeasuredPackage } from './packages';
import { readManifest } from './read-manifest';

/** One package's ESM bundle with its runtime dependencies. */
export interface BundleRow {
  pkg: MeasuredPackage;
  /** Minified bytes. */
  minBytes: number;
  /** Minified, then gzip level 9, bytes. */
  gzipBytes: number;
  /** What was left out of the bundle (peer dependencies; Node built-ins are always external). */
  external: string[];
  /** The packages whose files went into the bundle, largest first, with their minified bytes. */
  inputs: { name: string; bytes: number }[];
}

function peerDependencies(name: string): string[] {
  return Object.keys(readManifest(name).peerDependencies ?? {});
}

function packageOf(input: string): string {
  const parts = input.split('node_modules/');
  const last = parts[parts.length - 1] as string;
  if (parts.length === 1) {
    const match = /packages\/([^/]+)\//.exec(input);
    return match ? `@routify/${match[1]}` : input;
  }
  const segments = last.split('/');
  return last.startsWith('@') ? `${segments[0]}/${segments[1]}` : (segments[0] as string);
}

/**
 * Bundles `export * from '<package>'` with esbuild (ESM, minified, platform `node` so Node
 * built-ins stay external), peer dependencies external, and gzips the output (level 9).
 */
export async function measureBundleSize(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const pkg of MEASURED_PACKAGES) {
    const peers = peerDependencies(pkg.name);
    const external = peers.flatMap((peer) => [peer, `${peer}/*`]);
    const result = await build({
      stdin: { contents: `export * from ${JSON.stringify(pkg.name)};`, resolveDir: BENCH_DIR },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      write: false,
      metafile: true,
      external,
      logLevel: 'silent',
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error(`esbuild produced nothing for ${pkg.name}`);
    const bytesByPackage = new Map<string, number>();
    for (const out of Object.values(result.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
        const name = packageOf(input);
        if (name === '<stdin>') continue;
        bytesByPackage.set(name, (bytesByPackage.get(name) ?? 0) + bytesInOutput);
      }
    }
    const inputs = [...bytesByPackage]
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes);
    rows.push({
      pkg,
      minBytes: output.contents.length,
      gzipBytes: gzipSync(output.contents, { level: 9 }).length,
      external: peers,
      inputs,
    });
  }
  return rows;
}
