package org.reckon.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reckon.shared.ProblemCode;

/**
 * The boundaries Maven cannot see. Maven dependencies already keep a context's modules from
 * compiling against another context's implementation modules; this test checks the classes
 * themselves, over every production class of the EAR and the WAR:
 * <ul>
 *   <li>a context ({@code org.reckon.<context>..}) uses another only through that context's
 *       published API ({@code org.reckon.<other>.api..});</li>
 *   <li>a published API uses nothing of its own context but the API, and no other context;</li>
 *   <li>the platform ({@code org.reckon.platform..}, {@code org.reckon.shared..}) uses no context;</li>
 *   <li>each module ({@code ejb/hotel}, {@code web/payment}, ...) holds only its own context's
 *       packages, and the platform modules only the platform's.</li>
 * </ul>
 * The contexts are found from the package names, so a new context is checked the day it lands.
 */
class ContextBoundariesTest {

    private static final Set<String> NOT_CONTEXTS = Set.of("platform", "shared", "it", "architecture", "pspsandbox", "bench");

    /** A module of the build, from where a class was read: its target/classes or its jar. */
    private static final Pattern MODULE = Pattern.compile(
            "/(?:persistence|ejb|web)/([a-z]+)(?:-api)?/target/|/reckon-(?:persistence|ejb|web)-([a-z]+)[-./]"
                    + "|/reckon-([a-z]+)-api[-./]|/(jms)/target/|/reckon-(jms)[-.]");

    private static JavaClasses classes;
    private static Set<String> contexts;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.reckon");
        contexts = new TreeSet<>();
        for (JavaClass c : classes) {
            String context = contextOf(c);
            if (context != null) {
                contexts.add(context);
            }
        }
    }

    @Test
    void everyContextOfTheEarIsSeen() {
        assertTrue(contexts.containsAll(Set.of("payment", "ledger", "hotel")), "contexts found: " + contexts);
        assertTrue(classes.containPackage("org.reckon.platform.web.problem"), "the WAR's platform classes are imported");
        assertTrue(classes.containPackage("org.reckon.hotel.web"), "the contexts' web modules are imported");
    }

    @Test
    void aContextUsesAnotherOnlyThroughItsPublishedApi() {
        for (String context : contexts) {
            noClasses().that().resideInAPackage("org.reckon." + context + "..")
                    .should().dependOnClassesThat(otherContextsInternals(context))
                    .because("a context uses another only through org.reckon.<other>.api")
                    .check(classes);
        }
    }

    @Test
    void aPublishedApiExposesNothingOfItsContextsInternals() {
        for (String context : contexts) {
            noClasses().that().resideInAPackage("org.reckon." + context + ".api..")
                    .should().dependOnClassesThat(DescribedPredicate.describe("another context, or " + context + " outside its API",
                            c -> contextOf(c) != null && !c.getPackageName().startsWith("org.reckon." + context + ".api")))
                    .because("an API is interfaces and records other contexts may compile against; it cannot drag its context along")
                    .allowEmptyShould(true) // a context that publishes nothing yet (hotel) has no API package
                    .check(classes);
        }
    }

    @Test
    void thePlatformUsesNoContext() {
        noClasses().that().resideInAnyPackage("org.reckon.platform..", "org.reckon.shared..")
                .should().dependOnClassesThat(DescribedPredicate.describe("a bounded context", c -> contextOf(c) != null))
                .because("platform code belongs to no context: contexts plug into it (databases, queues, problem codes)")
                .check(classes);
    }

    @Test
    void eachModuleHoldsOnlyItsOwnContextsPackages() {
        int checked = 0;
        for (JavaClass c : classes) {
            String uri = c.getSource().map(source -> source.getUri().toString()).orElse("");
            Matcher m = MODULE.matcher(uri);
            if (!m.find()) {
                continue;
            }
            String owner = owner(m);
            String expected = "platform".equals(owner) || "jms".equals(owner) ? null : owner;
            assertEquals(expected, contextOf(c), c.getName() + " sits in the " + owner + " module (" + uri + ")");
            checked++;
        }
        assertTrue(checked > 100, "classes checked by module: " + checked);
    }

    @Test
    void noPackageIsSplitOverTwoModules() {
        Map<String, Set<String>> modulesByPackage = new HashMap<>();
        for (JavaClass c : classes) {
            String uri = c.getSource().map(source -> source.getUri().toString()).orElse("");
            Matcher m = MODULE.matcher(uri);
            if (m.find()) {
                modulesByPackage.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(m.group());
            }
        }
        modulesByPackage.forEach((pkg, modules) ->
                assertEquals(1, modules.size(), pkg + " is split over " + modules + ": a reader looks for a package in one place"));
    }

    @Test
    void problemCodesAreUniqueAcrossContexts() {
        Map<String, String> owners = new HashMap<>();
        int enums = 0;
        for (JavaClass c : classes) {
            if (c.isEnum() && c.isAssignableTo(ProblemCode.class)) {
                enums++;
                for (Object constant : c.reflect().getEnumConstants()) {
                    ProblemCode code = (ProblemCode) constant;
                    String previous = owners.put(code.name(), c.getName());
                    assertEquals(null, previous, code.name() + " is declared by " + previous + " and " + c.getName());
                    assertTrue(code.status() >= 400 && code.status() < 600, code + " has status " + code.status());
                }
            }
        }
        assertTrue(enums >= 3, "the platform's, the payment's and the hotel's problem codes: found " + enums);
    }

    /** The context (or platform, or jms) a module pattern match names. */
    private static String owner(Matcher m) {
        for (int group = 1; group <= m.groupCount(); group++) {
            if (m.group(group) != null) {
                return m.group(group);
            }
        }
        throw new IllegalStateException("no module in " + m.group());
    }

    private static DescribedPredicate<JavaClass> otherContextsInternals(String context) {
        return DescribedPredicate.describe("another context's classes outside its API", c -> {
            String other = contextOf(c);
            return other != null && !other.equals(context) && !c.getPackageName().startsWith("org.reckon." + other + ".api");
        });
    }

    /** The context a class belongs to ({@code org.reckon.hotel.web.X} is hotel's), or null for the platform. */
    static String contextOf(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith("org.reckon.")) {
            return null;
        }
        String rest = name.substring("org.reckon.".length());
        String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        return NOT_CONTEXTS.contains(first) || first.isEmpty() ? null : first;
    }
}
