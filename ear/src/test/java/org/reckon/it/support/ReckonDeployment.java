package org.reckon.it.support;

import java.io.File;
import java.net.URISyntaxException;
import org.awaitility.Awaitility;
import org.hamcrest.Matcher;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.arquillian.container.test.api.Testable;

/**
 * The one deployment of a test run: the EAR the build produced, unchanged except that every class
 * of the suite ({@code org.reckon.it} and below, less the client-only {@code launcher} package) is
 * added to one EJB module, {@link #TEST_MODULE}, so the tests run under the production
 * ejb-jar.xml, their probes ({@code XaProbe}, {@code LookupProbe}, ...) are real EJBs, and they see
 * the production classes as that module does. Built once per run by
 * {@code org.reckon.it.launcher.SuiteDeployer}; test classes declare no {@code @Deployment}.
 *
 * <p>Why a module and not a jar in {@code lib/}: a jar in lib/ is no EJB module (the probes would
 * not be EJBs) and cannot see the modules' classes, only the other way round. When the EJB code is
 * split over several per-context jars, as now, {@link #TEST_MODULE} is the platform's; if the EAR
 * ever isolates its subdeployments, that module must also depend on its siblings (a
 * {@code Class-Path} manifest entry naming them does it on WildFly).
 */
public final class ReckonDeployment {

    /** The module name of the EJB module that hosts the suite's classes, as in {@code java:global/reckon/<name>/Bean}. */
    public static final String TEST_MODULE_NAME = "reckon-ejb-platform";

    /** The EJB module of the shipped EAR that hosts the suite's classes: the platform's, which sees every context's classes (EAR subdeployments are not isolated). */
    public static final String TEST_MODULE = TEST_MODULE_NAME + ".jar";

    /** The main WAR, where the Servlet protocol's runner goes. */
    private static final String WEB_MODULE = "reckon-web.war";

    private static final String CLIENT_ONLY = "/org/reckon/it/launcher/";

    private ReckonDeployment() {
    }

    public static EnterpriseArchive suite() {
        EnterpriseArchive ear = ShrinkWrap.create(ZipImporter.class, "reckon.ear")
                .importFrom(new File(System.getProperty("reckon.ear.file")))
                .as(EnterpriseArchive.class);
        JavaArchive module = ShrinkWrap.create(ZipImporter.class, TEST_MODULE)
                .importFrom(ear.get("/" + TEST_MODULE).getAsset().openStream())
                .as(JavaArchive.class);
        module.addPackages(true, path -> !path.get().startsWith(CLIENT_ONLY), "org.reckon.it");
        // the build's Jandex index (ear/src/build/IndexLibraries.java) lists only the shipped
        // classes: without it WildFly indexes the module again and finds the suite's beans too
        module.delete("/META-INF/jandex.idx");
        ear.delete("/" + TEST_MODULE);
        ear.addAsModule(module);
        // the EAR has two WARs since object storage's S3 endpoint (reckon-objectstorage-s3.war):
        // the Servlet protocol is told to enrich the main one, as it did when it was the only one
        WebArchive web = ShrinkWrap.create(ZipImporter.class, WEB_MODULE)
                .importFrom(ear.get("/" + WEB_MODULE).getAsset().openStream())
                .as(WebArchive.class);
        web.delete("/WEB-INF/classes/META-INF/jandex.idx"); // the same for classes the protocol adds
        ear.delete("/" + WEB_MODULE);
        ear.addAsModule(Testable.archiveToTest(web));
        // in-container tests wait with Awaitility too; JUnit itself is added by Arquillian. Their
        // exchanges with /v1 are validated against /openapi there too (Http.send): the validator
        // (networknt, on the EAR's Jackson 3) and what it reads with.
        ear.addAsLibraries(jarOf(Awaitility.class), jarOf(Matcher.class), jarOf(com.networknt.schema.SchemaRegistry.class),
                jarOf(com.ethlo.time.ITU.class), jarOf(tools.jackson.dataformat.yaml.YAMLMapper.class),
                jarOf(org.snakeyaml.engine.v2.api.Load.class));
        return ear;
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the jar of " + type, e);
        }
    }
}
