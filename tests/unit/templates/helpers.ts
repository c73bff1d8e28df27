/** Reading the scripts out of generated collections. */
import type { PostmanCollection } from '../../../src/generate';

/** Every script of a collection, keyed `collection/prerequest` or `FOLDER/REQUEST/listen`, as source text. */
export function scriptsOf(collection: PostmanCollection): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of collection.event) out.set(`collection/${e.listen}`, e.script.exec.join('\n'));
  for (const folder of collection.item) {
    for (const item of folder.item) {
      for (const e of item.event ?? []) {
        out.set(`${folder.name}/${item.name}/${e.listen}`, e.script.exec.join('\n'));
      }
    }
  }
  return out;
}
