// Stock solutions of the paper's section 2.3, reduced to what the chemistry needs:
// molar concentrations of Cs, Cu and iodide and volume fractions of the ligands.

export interface StockComposition {
  /** mmol per mL (= mol/L) of the species the stock delivers. */
  csMolar: number;
  cuMolar: number;
  /** Iodide: the CuI stock is the only source (one I per Cu). */
  iodideMolar: number;
  /** Volume fraction of oleic acid and oleylamine in the stock (0..1). */
  oaFraction: number;
  oamFraction: number;
}

const CS2CO3_G_PER_MOL = 325.82;

/** 240 mg Cs2CO3 (2 Cs each) in 3.75 mL OA + 45 mL ODE: about 30 mM Cs. */
const csOleateVolumeMl = 3.75 + 45;
export const CS_OLEATE_STOCK: StockComposition = {
  csMolar: ((0.240 / CS2CO3_G_PER_MOL) * 2) / (csOleateVolumeMl / 1000),
  cuMolar: 0,
  iodideMolar: 0,
  oaFraction: 3.75 / csOleateVolumeMl,
  oamFraction: 0,
};

/** 0.45 mmol CuI in 5 mL OA + 5 mL OAm + 50 mL ODE: 7.5 mM Cu. */
const cuiVolumeMl = 5 + 5 + 50;
export const CUI_STOCK: StockComposition = {
  csMolar: 0,
  cuMolar: 0.45 / cuiVolumeMl,
  iodideMolar: 0.45 / cuiVolumeMl,
  oaFraction: 5 / cuiVolumeMl,
  oamFraction: 5 / cuiVolumeMl,
};

/** Ligand stocks: OA-ODE and OAm-ODE at 1:4 by volume. */
export const OA_ODE_STOCK: StockComposition = { csMolar: 0, cuMolar: 0, iodideMolar: 0, oaFraction: 0.2, oamFraction: 0 };
export const OAM_ODE_STOCK: StockComposition = { csMolar: 0, cuMolar: 0, iodideMolar: 0, oaFraction: 0, oamFraction: 0.2 };
export const ODE_STOCK: StockComposition = { csMolar: 0, cuMolar: 0, iodideMolar: 0, oaFraction: 0, oamFraction: 0 };
