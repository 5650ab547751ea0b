// OBP message types used here (libseabreeze OBPMessageTypes.h; payloads from pyseabreeze).
export const OBP_MESSAGE_TYPES = {
  getSerialNumber: 0x00000100,
  /** HDX spectrum: pixel count x uint16 (pyseabreeze GET_RAW_SPECTRUM_NOW_HDX). */
  getSpectrumHdx: 0x00101000,
  /** -> uint32 microseconds. */
  getIntegrationTimeUs: 0x00110000,
  /** uint32 microseconds. */
  setIntegrationTimeUs: 0x00110010,
  /** uint8 0/1: the spectrometer's lamp-enable output. */
  setLampEnable: 0x00110410,
  /** -> uint8. */
  getWavelengthCoefficientCount: 0x00180100,
  /** uint8 index -> float32. */
  getWavelengthCoefficient: 0x00180101,
} as const;
