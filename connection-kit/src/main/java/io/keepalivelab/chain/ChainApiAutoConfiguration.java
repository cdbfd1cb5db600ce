package io.keepalivelab.chain;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The chain's API on either stack: its failures answered as problem bodies, and on Spring MVC the errors
 * that only reach the servlet container's error page too.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication
@Import(ProblemResponses.class)
public class ChainApiAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletErrorPage {

		@Bean
		@ConditionalOnMissingBean(ErrorController.class)
		ServletProblemErrorController servletProblemErrorController(ObjectProvider<ErrorAttributes> errorAttributes) {
			return new ServletProblemErrorController(errorAttributes.getIfAvailable(DefaultErrorAttributes::new));
		}
	}
}
