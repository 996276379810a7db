package org.conclave.archfixture.alpha;

/** Fixture for ArchitectureTest: a feature's public face (its top-level package). */
public class Api {}
