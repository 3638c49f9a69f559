// The areas of Jira's platform API, one per tag of the spec (`Issue comments` becomes
// `@jira-auth/openapi-fetch/areas/issue-comments`), each an entry point of its own, so that a program type-checks
// only the paths and schemas of the areas it imports instead of the whole 3 MB spec.

/** The entry name of a tag: lower case, words joined by dashes (`UI modifications (apps)`: `ui-modifications-apps`). */
export const areaName = (tag) =>
  tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Operations the spec leaves without a tag, placed by operationId. */
const UNTAGGED = { getWorklogsByIssueIdAndWorklogId: 'Issue worklogs' };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * The spec cut into one document per area (tag): the area's operations (with their path-level parameters), and of
 * the components only those they reach through `$ref`, transitively. Security schemes are kept whole. Each area
 * document also says which tag it is (`tag`).
 */
export function splitByArea(document) {
  const areas = new Map();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const tags = operation.tags?.length
        ? operation.tags
        : [UNTAGGED[operation.operationId] ?? untagged(method, path)];
      for (const tag of tags) {
        const name = areaName(tag);
        const area = areas.get(name) ?? { tag, paths: {} };
        if (area.tag !== tag)
          throw new Error(`the tags "${area.tag}" and "${tag}" both make the area name ${name}`);
        areas.set(name, area);
        area.paths[path] ??= Object.fromEntries(
          Object.entries(item).filter(([key]) => !METHODS.includes(key)),
        );
        area.paths[path][method] = operation;
      }
    }
  }
  return Object.fromEntries(
    [...areas].map(([name, { tag, paths }]) => [
      name,
      { tag, document: { ...document, paths, components: reachable(document.components ?? {}, paths) } },
    ]),
  );
}

function untagged(method, path) {
  throw new Error(
    `${method.toUpperCase()} ${path} has no tag, so it belongs to no area: add its operationId to UNTAGGED in scripts/areas.mjs`,
  );
}

/** The components that `root` reaches through `#/components/<kind>/<name>` references, transitively. */
function reachable(components, root) {
  const pending = [root];
  const seen = new Set();
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) pending.push(...node);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(value) ?? [];
          if (!kind || seen.has(value)) continue;
          seen.add(value);
          const target = components[kind]?.[name];
          if (target === undefined) throw new Error(`the spec refers to ${value}, which it does not define`);
          pending.push(target);
        } else pending.push(value);
      }
    }
  }
  // In the spec's own order, so the generated file is stable.
  const kept = { securitySchemes: components.securitySchemes };
  for (const [kind, entries] of Object.entries(components)) {
    if (kind === 'securitySchemes') continue;
    const used = Object.entries(entries).filter(([name]) => seen.has(`#/components/${kind}/${name}`));
    if (used.length > 0) kept[kind] = Object.fromEntries(used);
  }
  return kept;
}
