package org.reckon.platform.validation;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;

/**
 * Bean Validation's traversable resolver for this deployment (META-INF/validation.xml): every
 * property may be validated and cascaded into. What is validated here are request bodies and
 * parameters, never JPA entities, so there is no lazy association to spare. Hibernate Validator's
 * default when JPA is present asks {@code Persistence.getPersistenceUtil().isLoaded} for every
 * property of every validated object, on every request (issue 15: 3 % of a refused booking's
 * request-thread samples, `PersistenceUtilHelper` under `JPATraversableResolver`).
 */
public class EveryPropertyTraversable implements TraversableResolver {

    @Override
    public boolean isReachable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
                               Path pathToTraversableObject, ElementType elementType) {
        return true;
    }

    @Override
    public boolean isCascadable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
                                Path pathToTraversableObject, ElementType elementType) {
        return true;
    }
}
