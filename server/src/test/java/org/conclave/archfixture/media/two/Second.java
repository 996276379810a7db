package org.conclave.archfixture.media.two;

import org.conclave.archfixture.media.one.First;

/** Fixture for ArchitectureTest: the other half of a package cycle. */
public class Second {
  First first;
}
