/**
 * Matrix factorisation by alternating least squares for implicit feedback: {@link ai.affinity.model.als.Ials}
 * (iALS / WRMF, Hu, Koren and Volinsky 2008) with a conjugate-gradient row solver (Takács, Pilászy and
 * Tikk 2011) or an exact Cholesky solver, and its fitted {@link ai.affinity.model.als.IalsModel}, which
 * folds in users it never trained on in closed form.
 */
package ai.affinity.model.als;
