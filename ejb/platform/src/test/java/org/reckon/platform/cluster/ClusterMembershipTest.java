package org.reckon.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The election read from a membership group shaped like WildFly's (the interfaces below have the
 * methods of org.wildfly.clustering.server.Group / GroupMembership / GroupMember, which the class
 * reaches by reflection through public interfaces, as it does WildFly's non-public implementations).
 * The real group is exercised on the cluster (benchmark/cluster.sh) and, as the one-server group,
 * by SingletonWorkIT.
 */
class ClusterMembershipTest {

    public interface Member {
        String getName();
    }

    public interface Membership {
        Member getCoordinator();

        List<Member> getMembers();
    }

    public interface Group {
        Member getLocalMember();

        Membership getMembership();

        boolean isSingleton();
    }

    /** A view that tests change; its classes are private, as WildFly's implementations are not public to the deployment. */
    private static final class View implements Group, Membership {
        private final Member local;
        private final List<Member> members = new ArrayList<>();

        View(String local, String... others) {
            this.local = member(local);
            members.add(this.local);
            for (String other : others) {
                members.add(member(other));
            }
        }

        private static Member member(String name) {
            return new Member() {
                @Override
                public String getName() {
                    return name;
                }
            };
        }

        @Override
        public Member getLocalMember() {
            return local;
        }

        @Override
        public Membership getMembership() {
            return this;
        }

        @Override
        public boolean isSingleton() {
            return members.size() == 1;
        }

        @Override
        public Member getCoordinator() {
            return members.get(0);
        }

        @Override
        public List<Member> getMembers() {
            return List.copyOf(members);
        }
    }

    @Test
    void theOldestMemberIsThePrimaryAndTheNextOneTakesOverWhenItLeaves() {
        View first = new View("reckon-c1", "reckon-c2");
        View second = new View("reckon-c1", "reckon-c2");
        second.members.clear();
        Member c1 = View.member("reckon-c1");
        second.members.add(c1);
        second.members.add(second.local);
        ClusterMembership onC1 = new ClusterMembership(first);
        ClusterMembership onC2 = new ClusterMembership(second);
        assertTrue(onC1.primary());
        assertFalse(onC2.primary());
        assertNotNull(onC1.primarySince());
        assertNull(onC2.primarySince());

        second.members.remove(c1); // reckon-c1 died: the view has reckon-c2 alone
        assertTrue(onC2.primary());
        assertNotNull(onC2.primarySince());
        assertEquals(List.of("reckon-c1", "reckon-c2"), onC1.members());
    }

    @Test
    void aNodeOutsideTheViewHasDeparted() {
        View view = new View("reckon-c2", "reckon-c3");
        ClusterMembership membership = new ClusterMembership(view);
        assertTrue(membership.departed("reckon-c1"));
        assertFalse(membership.departed("reckon-c3"));
        assertFalse(membership.departed("reckon-c2"));
    }

    @Test
    void withoutAGroupOrAloneThisServerIsPrimaryAndNoOneDeparts() {
        ClusterMembership none = new ClusterMembership(null);
        assertTrue(none.primary());
        assertFalse(none.departed("reckon-c1"));
        assertEquals(List.of("local"), none.members());

        ClusterMembership alone = new ClusterMembership(new View("reckon-1"));
        assertTrue(alone.primary());
        assertFalse(alone.departed("reckon-c9"), "the one-server group says nothing about other nodes");
    }

    @Test
    void aServerIsAloneWithoutAGroupOrInAViewOfOneAndNotBesideAnotherNode() {
        assertTrue(new ClusterMembership(null).alone());
        assertTrue(new ClusterMembership(new View("reckon-1")).alone());
        View two = new View("reckon-c1", "reckon-c2");
        assertFalse(new ClusterMembership(two).alone());
        two.members.remove(1); // the other node left: a view of one, though of the cluster's channel
        assertTrue(new ClusterMembership(two).alone());
    }
}
