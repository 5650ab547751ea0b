// Wavelength of each pixel from the calibration polynomial stored in the spectrometer:
// lambda(p) = sum_i c_i p^i for pixel p = 0 .. n-1 (pyseabreeze get_wavelengths).

export function wavelengthAxisNm(coefficients: readonly number[], pixelCount: number): Float64Array {
  const axis = new Float64Array(pixelCount);
  for (let pixel = 0; pixel < pixelCount; pixel++) {
    // Horner's rule: fewer roundings than summing powers.
    let value = 0;
    for (let i = coefficients.length - 1; i >= 0; i--) value = value * pixel + coefficients[i];
    axis[pixel] = value;
  }
  return axis;
}

/** Why an axis cannot be a spectrometer's, or undefined if it can: finite and strictly increasing. */
export function wavelengthAxisProblem(axisNm: Float64Array): string | undefined {
  for (let i = 0; i < axisNm.length; i++) {
    if (!Number.isFinite(axisNm[i])) return `pixel ${i} has wavelength ${axisNm[i]}`;
    if (i > 0 && !(axisNm[i] > axisNm[i - 1])) return `wavelength does not increase at pixel ${i} (${axisNm[i - 1]} -> ${axisNm[i]} nm)`;
  }
  return undefined;
}
