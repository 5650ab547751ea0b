// IEEE-754 single precision in two 16-bit Modbus registers. The F4T sends the low word first
// by default ("Low High", CDAB); "High Low" is a controller setting.
export type WordOrder = 'low-high' | 'high-low';

export function float32ToWords(value: number, order: WordOrder): [number, number] {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const high = view.getUint16(0);
  const low = view.getUint16(2);
  return order === 'low-high' ? [low, high] : [high, low];
}

export function wordsToFloat32(words: readonly [number, number] | readonly number[], order: WordOrder): number {
  const [first, second] = words;
  const [high, low] = order === 'low-high' ? [second, first] : [first, second];
  const view = new DataView(new ArrayBuffer(4));
  view.setUint16(0, high);
  view.setUint16(2, low);
  return view.getFloat32(0);
}
