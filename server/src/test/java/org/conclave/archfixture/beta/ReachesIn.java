package org.conclave.archfixture.beta;

import org.conclave.archfixture.alpha.internal.Hidden;

/** Fixture for ArchitectureTest: forbidden, it reaches into another feature's internals. */
public class ReachesIn {
  Hidden hidden = new Hidden();
}
