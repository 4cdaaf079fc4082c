// Upstream's Set.EnsureNamedFieldsAreMembers: an applier's set names a struct field only as the
// parent of what it sets inside; pruning must treat such a field as owned itself, or a field the
// applier dropped would leave an empty struct behind.
import type { ApplyType } from './apply-type.js';
import { comparePathElements } from './path-element.js';
import { PathSet } from './path-set.js';

/** The set with every declared struct field that has children made a member too. */
export function ensureNamedFieldsAreMembers(set: PathSet, t: ApplyType | undefined): PathSet {
  const members = [...set.members];
  const children = set.children.map((c) => {
    // Below a value or index element upstream resolves no type, so nothing more is added there.
    let childType: ApplyType | undefined;
    if ('field' in c.pe && t?.map !== undefined) {
      const declared = t.map.field(c.pe.field);
      if (declared !== undefined && !set.hasMember(c.pe)) members.push(c.pe);
      childType = declared ?? t.map.element();
    } else if ('key' in c.pe && t?.list !== undefined) childType = t.list.element();
    return { pe: c.pe, set: ensureNamedFieldsAreMembers(c.set, childType) };
  });
  members.sort(comparePathElements);
  return PathSet.build(members, children);
}
