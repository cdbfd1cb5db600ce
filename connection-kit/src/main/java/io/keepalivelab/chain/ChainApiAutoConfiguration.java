package io.keepalivelab.chain;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/** The chain's API on any stack: its failures answered as problem bodies. */
@AutoConfiguration
@ConditionalOnWebApplication
@Import(ProblemResponses.class)
public class ChainApiAutoConfiguration {
}
