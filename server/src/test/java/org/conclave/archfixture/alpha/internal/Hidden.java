package org.conclave.archfixture.alpha.internal;

/** Fixture for ArchitectureTest: an internal of feature "alpha". */
public class Hidden {}
