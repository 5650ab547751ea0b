// Additive ensemble members: a weight mask that splits every hidden layer into one block of
// units per input, connected only to that input (first layer) or to its own block (deeper
// layers), so the net is a sum of one-input functions f(x) = sum_i g_i(x_i). Such members
// learn each input's effect from every point, the structure an additive objective has.
import { mlpParameterCount, type Mlp } from './mlp.js';

/** The input each unit of a hidden layer of `width` units belongs to (blocks as even as possible). */
function unitInput(unit: number, width: number, inputs: number): number {
  return Math.floor((unit * inputs) / width);
}

/** 1 for a weight the additive structure allows, 0 for one it removes; biases are all allowed. */
export function additiveParameterMask(layerSizes: readonly number[]): Float64Array {
  const d = layerSizes[0];
  const layers = layerSizes.length - 1;
  const mask = new Float64Array(mlpParameterCount(layerSizes)).fill(1);
  let offset = 0;
  for (let l = 0; l < layers; l++) {
    const fanIn = layerSizes[l];
    const fanOut = layerSizes[l + 1];
    // The output layer sums every block.
    if (l < layers - 1) {
      for (let out = 0; out < fanOut; out++) {
        const block = unitInput(out, fanOut, d);
        for (let input = 0; input < fanIn; input++) {
          const inputBlock = l === 0 ? input : unitInput(input, fanIn, d);
          if (inputBlock !== block) mask[offset + out * fanIn + input] = 0;
        }
      }
    }
    offset += (fanIn + 1) * fanOut;
  }
  return mask;
}

/** Hidden widths of an additive member: at least one unit per input in every layer. */
export function additiveHiddenLayers(hiddenLayers: readonly number[], inputDimension: number): number[] {
  return hiddenLayers.map((width) => Math.max(width, inputDimension));
}

/**
 * Applies the mask to a freshly initialised net and rescales the kept weights of the masked
 * layers so each unit's Glorot range matches its real fan-in and fan-out (about sqrt(d) wider).
 */
export function maskInitialWeights(net: Mlp, mask: Float64Array): void {
  const sizes = net.layerSizes;
  const d = sizes[0];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const weights = sizes[l] * sizes[l + 1];
    const gain = l + 2 < sizes.length ? Math.sqrt(d) : 1;
    for (let q = offset; q < offset + weights; q++) net.parameters[q] *= mask[q] * gain;
    offset += weights + sizes[l + 1];
  }
}
