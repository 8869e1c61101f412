// Package agreement computes agreement between raters who sort the same
// subjects into the same categories: in winnow, screeners deciding include,
// exclude or maybe on the same records, as a lead reports it in the paper.
// It is arithmetic on counts and nothing else. Building the tables from
// decisions belongs to the caller, so every statistic here can be checked
// against published worked examples without a database.
//
// # Two raters
//
// Cohen takes a k×k table: Table[i][j] counts the subjects rater A put in
// category i and rater B in category j. With n the sum of the table,
// p_ij = Table[i][j]/n, p_i. the row sums and p_.j the column sums of p:
//
//	po = Σ_i p_ii                     observed agreement
//	pe = Σ_i p_i. p_.i                chance agreement (Cohen 1960)
//	κ  = (po − pe) / (1 − pe)         Cohen's kappa (Cohen 1960)
//
// The standard error is the large-sample, non-null one of Fleiss, Cohen and
// Everitt (1969), which SAS PROC FREQ prints as ASE and Fleiss, Levin and
// Paik (2003, ch. 18) give:
//
//	var(κ) = (A + B − C) / (n (1 − pe)²)
//	A = Σ_i p_ii [1 − (p_i. + p_.i)(1 − κ)]²
//	B = (1 − κ)² Σ_{i≠j} p_ij (p_.i + p_j.)²
//	C = [κ − pe (1 − κ)]²
//
// A variance that is zero, or negative by rounding, gives SE 0. The 95%
// confidence interval is the Wald interval κ ± z·SE with z = 1.959964 (the
// 0.975 quantile of the standard normal), clipped to [−1, 1]; like any Wald
// interval it is too narrow for small n or κ near 1.
//
// Two statistics that depend less on how common each category is:
//
//	PABAK = (k po − 1) / (k − 1)      Byrt, Bishop and Carlin (1993)
//	π_q   = (p_q. + p_.q) / 2
//	pe_γ  = Σ_q π_q (1 − π_q) / (k − 1)
//	AC1   = (po − pe_γ) / (1 − pe_γ)  Gwet (2008)
//
// PABAK is 2po − 1 for two categories; for more it is the same number as
// Brennan and Prediger's (1981) coefficient, (po − 1/k)/(1 − 1/k). Both PABAK
// and AC1 depend on k, the number of rows of the table, whether or not every
// category was used: a table should have a row for every decision a
// screener could make, "maybe" included.
//
// # Many raters
//
// Fleiss takes counts[i][j], the number of raters who put subject i in
// category j, with the same number m of ratings for each of the N subjects
// (the raters need not be the same people from subject to subject):
//
//	P_i = (Σ_j n_ij² − m) / (m (m − 1))   agreement on subject i
//	P̄   = Σ_i P_i / N
//	p_j = Σ_i n_ij / (N m)
//	P̄e  = Σ_j p_j²
//	κ   = (P̄ − P̄e) / (1 − P̄e)             Fleiss (1971)
//
// With m = 2 this is Scott's pi, not Cohen's kappa: it pools the two raters'
// marginals.
//
// # Labels and undefined values
//
// LandisKoch names a kappa with the benchmarks of Landis and Koch (1977).
// A statistic that is undefined (no subjects; chance agreement of 1, when
// every subject is in one category) is a nil pointer, null in JSON, and Note
// says why. No value is ever NaN or infinite, which encoding/json would
// refuse.
//
// # References
//
// Brennan RL, Prediger DJ (1981). Coefficient kappa: some uses, misuses, and
// alternatives. Educational and Psychological Measurement 41:687–699.
//
// Byrt T, Bishop J, Carlin JB (1993). Bias, prevalence and kappa. Journal of
// Clinical Epidemiology 46:423–429.
//
// Cohen J (1960). A coefficient of agreement for nominal scales. Educational
// and Psychological Measurement 20:37–46.
//
// Fleiss JL (1971). Measuring nominal scale agreement among many raters.
// Psychological Bulletin 76:378–382.
//
// Fleiss JL, Cohen J, Everitt BS (1969). Large sample standard errors of
// kappa and weighted kappa. Psychological Bulletin 72:323–327.
//
// Fleiss JL, Levin B, Paik MC (2003). Statistical Methods for Rates and
// Proportions, 3rd edition, chapter 18. Wiley.
//
// Gwet KL (2008). Computing inter-rater reliability and its variance in the
// presence of high agreement. British Journal of Mathematical and
// Statistical Psychology 61:29–48.
//
// Landis JR, Koch GG (1977). The measurement of observer agreement for
// categorical data. Biometrics 33:159–174.
package agreement
