package org.conclave.archfixture.media.one;

import org.conclave.archfixture.media.two.Second;

/** Fixture for ArchitectureTest: half of a package cycle. */
public class First {
  Second second;
}
