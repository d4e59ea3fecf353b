package org.reckon.platform.database;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Tells Hibernate that no entity of Reckon is ever proxied, so it generates no proxy class at boot.
 *
 * <p>Hibernate prepares a lazy proxy for every entity when a persistence unit starts: one class
 * generated and defined by ByteBuddy per entity, whether or not anything ever asks for a proxy.
 * Reckon's entities have no associations (contexts refer to each other by id) and no code calls
 * {@code getReference}, so those classes were never used; generating them was a measurable part of
 * every start. This integrator runs before the persisters are built and marks every entity
 * not lazy, which is what {@code @Proxy(lazy = false)} on each class would say. Should an entity
 * one day need a lazy reference, {@code getReference} still works: it loads the row instead of
 * returning a proxy.
 *
 * <p>Registered through {@code META-INF/services}, so every persistence unit of the application
 * picks it up, a new context's included.
 */
public class NoEntityProxies implements Integrator {

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
                          SessionFactoryImplementor sessionFactory) {
        for (PersistentClass entity : metadata.getEntityBindings()) {
            entity.setLazy(false);
        }
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        // nothing was registered
    }
}
