package org.reckon.it.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/**
 * The EAR the build produced, unchanged except that the test class and the test support
 * package are added to the EJB module, so they run under the production ejb-jar.xml and see
 * every module as production code does.
 */
public final class ReckonDeployment {

    /** The EJB module the tests join: the platform's, which sees every context's classes (EAR subdeployments are not isolated). */
    public static final String TEST_MODULE = "reckon-ejb-platform";

    public static final String EJB_MODULE = TEST_MODULE + ".jar";

    private ReckonDeployment() {
    }

    public static EnterpriseArchive withTest(Class<?> testClass, Class<?>... more) {
        EnterpriseArchive ear = ShrinkWrap.create(ZipImporter.class, "reckon.ear")
                .importFrom(new File(System.getProperty("reckon.ear.file")))
                .as(EnterpriseArchive.class);
        JavaArchive ejb = ShrinkWrap.create(ZipImporter.class, EJB_MODULE)
                .importFrom(ear.get("/" + EJB_MODULE).getAsset().openStream())
                .as(JavaArchive.class);
        ejb.addClass(testClass);
        ejb.addClasses(more);
        ejb.addPackage(ReckonDeployment.class.getPackage());
        ear.delete("/" + EJB_MODULE);
        ear.addAsModule(ejb);
        return ear;
    }
}
