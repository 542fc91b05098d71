"""The built-in protected terms: proper nouns kept capitalised in titles.

Titles are sentence-cased by many BibTeX styles; a word listed here keeps its capitals (it
is wrapped in braces) when the title writes it exactly so. Multi-word terms are protected
only where the whole phrase occurs. Acronyms and words with inner capitals (``ResNet``,
``CAM``) need no entry: they are protected by rule.
"""

from __future__ import annotations

DEFAULT_TERMS: tuple[str, ...] = (
    # Mathematicians and scientists whose names became adjectives or methods.
    "Adam", "Bayes", "Bayesian", "Bellman", "Bernoulli", "Boltzmann", "Cauchy", "Chebyshev",
    "Cholesky", "Dirichlet", "Euclid", "Euclidean", "Euler", "Fisher", "Fourier", "Gabor",
    "Gauss", "Gaussian", "Gibbs", "Granger", "Hamiltonian", "Hebbian", "Hessian", "Hilbert",
    "Hopfield", "Jacobian", "Jensen", "Kalman", "Kolmogorov", "Kullback", "Lagrange",
    "Lagrangian", "Langevin", "Laplace", "Laplacian", "Leibler", "Levenshtein", "Lipschitz",
    "Lyapunov", "Mahalanobis", "Markov", "Markovian", "Nash", "Newton", "Nesterov",
    "Pareto", "Parzen", "Pearson", "Poisson", "Riemann", "Riemannian", "Schrödinger",
    "Shannon", "Shapley", "Sobolev", "Stein", "Taylor", "Turing", "Voronoi", "Wasserstein",
    "Weibull", "Wiener", "Wishart",
    # Places, languages, peoples.
    "Africa", "African", "America", "American", "Arabic", "Asia", "Asian", "Canada",
    "Canadian", "China", "Chinese", "English", "Europe", "European", "France", "French",
    "German", "Germany", "Indian", "Italian", "Japanese", "Korean", "Latin", "Montreal",
    "Montréal", "Quebec", "Québec", "Spanish",
    # Phrases protected only as a whole.
    "Monte Carlo", "Hong Kong", "Los Angeles", "New York", "New Zealand", "South Africa",
    # Products, programs and organisations commonly written in titles.
    "Alzheimer", "Android", "COVID", "Internet", "Java", "Kinect", "Linux", "Parkinson",
    "Python", "Siamese", "Twitter", "Wikipedia",
)  # fmt: skip
"""Proper nouns and phrases protected in titles by default (extend with ``protect_terms``)."""
