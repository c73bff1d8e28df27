/**
 * The state of a script realm that one company's run could leave to the next: the objects reachable
 * from some roots (the realm's global, the script libraries) through their own properties, a few
 * levels deep, and their prototype chains. Taken and put back with this realm's (Node's) own
 * `Reflect`, so nothing a script replaces inside its realm can change how it is put back.
 */

type Target = object;
type Descriptors = Map<string | symbol, PropertyDescriptor>;

interface Shape {
  target: Target;
  descriptors: Descriptors;
  proto: object | null;
  extensible: boolean;
}

/** How far from a root the walk follows own properties (prototypes are always followed). */
const DEPTH = 1;

const isObject = (value: unknown): value is object =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';

function descriptorsOf(target: Target): Descriptors {
  const map: Descriptors = new Map();
  for (const key of Reflect.ownKeys(target)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
    if (descriptor) map.set(key, descriptor);
  }
  return map;
}

function same(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return (
    a.value === b.value &&
    a.get === b.get &&
    a.set === b.set &&
    a.writable === b.writable &&
    a.enumerable === b.enumerable &&
    a.configurable === b.configurable
  );
}

/** Every object the walk reaches from `roots`, once. Getters are never called. */
function reachable(roots: unknown[]): Target[] {
  const seen = new Set<Target>();
  let level: Target[] = roots.filter(isObject);
  for (let depth = 0; level.length > 0; depth++) {
    const next: Target[] = [];
    for (const target of level) {
      // The prototype chain at any depth: a class's methods live there.
      for (let o: object | null = target; o !== null && !seen.has(o); o = Reflect.getPrototypeOf(o)) {
        seen.add(o);
        if (depth < DEPTH) {
          for (const key of Reflect.ownKeys(o)) {
            const value = Reflect.getOwnPropertyDescriptor(o, key)?.value as unknown;
            if (isObject(value) && !seen.has(value)) next.push(value);
          }
        }
      }
    }
    level = next;
  }
  return [...seen];
}

/** Why a realm cannot be put back; its sandbox must then serve no one else. */
export class RealmNotRestored extends Error {}

/**
 * Records the realm state reachable from `roots`; the returned function puts it back: properties
 * added are deleted, replaced or removed ones redefined, prototypes and extensibility checked.
 * @throws RealmNotRestored (from the returned function) when something cannot be put back, such as
 *   a non-configurable property a script added.
 */
export function snapshotRealm(roots: unknown[]): { reset: () => void; size: number } {
  const shapes: Shape[] = reachable(roots).map((target) => ({
    target,
    descriptors: descriptorsOf(target),
    proto: Reflect.getPrototypeOf(target),
    extensible: Reflect.isExtensible(target),
  }));
  const reset = () => {
    for (const { target, descriptors, proto, extensible } of shapes) {
      if (Reflect.isExtensible(target) !== extensible) throw new RealmNotRestored('extensibility changed');
      if (Reflect.getPrototypeOf(target) !== proto && !Reflect.setPrototypeOf(target, proto)) {
        throw new RealmNotRestored('prototype changed');
      }
      for (const key of Reflect.ownKeys(target)) {
        if (!descriptors.has(key) && !Reflect.deleteProperty(target, key)) {
          throw new RealmNotRestored(`cannot delete ${String(key)}`);
        }
      }
      for (const [key, was] of descriptors) {
        const now = Reflect.getOwnPropertyDescriptor(target, key);
        if (now && same(now, was)) continue;
        if (!Reflect.defineProperty(target, key, was))
          throw new RealmNotRestored(`cannot restore ${String(key)}`);
      }
    }
  };
  return { reset, size: shapes.length };
}
