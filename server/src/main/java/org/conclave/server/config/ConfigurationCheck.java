package org.conclave.server.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs {@link StartupSafetyCheck} on the final configuration as the application context starts,
 * before any ordinary bean exists: no database connection, port or scheduled job is opened with an
 * unsafe setting. (A bean-factory post-processor sees every property source, including ones added
 * after the environment was first prepared, such as a test's dynamic properties.)
 */
@Component
class ConfigurationCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

  // Post-processors are made before constructor injection works, hence EnvironmentAware.
  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    ConclaveProperties properties =
        Binder.get(environment)
            .bind("conclave", ConclaveProperties.class)
            .orElseGet(
                () ->
                    new ConclaveProperties(
                        null, null, null, null, null, null, null, null, null, null, null, null,
                        null));
    StartupSafetyCheck.check(
        properties,
        environment.getProperty(
            StartupSafetyCheck.ALLOW_WEAK_HASHING, Boolean.class, Boolean.FALSE));
  }

  @Override
  public int getOrder() {
    return PriorityOrdered.HIGHEST_PRECEDENCE;
  }
}
