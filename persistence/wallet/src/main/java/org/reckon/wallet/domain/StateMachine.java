package org.reckon.wallet.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The chapter's deterministic state machine: validates one command against the state and says
 * which events it emits, without changing the state (the caller applies the events, which is the
 * only way state changes). Same state + same command + same instant = same events, which is what
 * makes a replay of the event list reproduce every balance.
 *
 * A command whose key was decided before answers what it did then (no new event) when its body
 * is the same, and TRANSACTION_ID_REUSED when it is not. A rejection is itself an event, so a
 * replay and a duplicate see it too.
 */
public final class StateMachine {

    private StateMachine() {
    }

    public static Outcome decide(WalletState state, Command command, long commandSeq, Instant at) {
        String fingerprint = fingerprint(command.identity());
        WalletState.Done done = state.done.get(command.key());
        if (done != null) {
            WalletError rejection = done.fingerprint().equals(fingerprint)
                    ? (done.rejection() == null ? null : WalletError.valueOf(done.rejection()))
                    : WalletError.TRANSACTION_ID_REUSED;
            return new Outcome(command.key(), rejection, true, List.of());
        }
        Emitter out = new Emitter(state, command, fingerprint, commandSeq, at);
        if (command instanceof Command.Open o) {
            out.event(EventType.OPENED, o.accountId(), BigDecimal.ZERO, o.currency(), BigDecimal.ZERO, o.owner());
        } else if (command instanceof Command.Transfer t) {
            WalletError why = t.from().equals(t.to()) ? WalletError.SAME_ACCOUNT : check(state, t.to(), t.currency(), null);
            if (why == null) {
                why = check(state, t.from(), t.currency(), t.amount());
            }
            if (why != null) {
                return out.reject(t.from(), t.amount(), t.currency(), why);
            }
            out.move(EventType.DEBITED, t.from(), t.amount(), Purpose.TRANSFER);
            out.move(EventType.CREDITED, t.to(), t.amount(), Purpose.TRANSFER);
        } else if (command instanceof Command.Debit d) {
            WalletError why = d.purpose() == Purpose.TCC_TRY && state.cancelledBeforeTry.contains(d.txId())
                    ? WalletError.CANCELLED_BEFORE_TRY : check(state, d.account(), d.currency(), d.amount());
            if (why != null) {
                return out.reject(d.account(), d.amount(), d.currency(), why);
            }
            out.move(EventType.DEBITED, d.account(), d.amount(), d.purpose());
        } else if (command instanceof Command.Credit c) {
            WalletError why = check(state, c.account(), c.currency(), null);
            if (why != null) {
                return out.reject(c.account(), c.amount(), c.currency(), why);
            }
            out.move(EventType.CREDITED, c.account(), c.amount(), c.purpose());
        } else if (command instanceof Command.Pay p) {
            WalletError why = check(state, p.account(), p.currency(), p.amount());
            if (why != null) {
                return out.reject(p.account(), p.amount(), p.currency(), why);
            }
            out.move(EventType.DEBITED, p.account(), p.amount(), Purpose.PAYMENT);
        } else if (command instanceof Command.Repay r) {
            WalletError why = check(state, r.account(), r.currency(), null);
            if (why != null) {
                return out.reject(r.account(), r.amount(), r.currency(), why);
            }
            out.move(EventType.CREDITED, r.account(), r.amount(), Purpose.PAYMENT_REFUND);
        } else if (command instanceof Command.Claim c) {
            // the id is taken (its identity is the fingerprint), with the protocol the transfer runs by
            out.event(EventType.CLAIMED, null, null, null, null, c.protocol());
        } else if (command instanceof Command.Expire x) {
            out.event(EventType.EXPIRED, null, null, null, null, x.before().toString());
        } else if (command instanceof Command.Cancel c) {
            WalletState.Done tried = state.done.get(Purpose.TCC_TRY + ":" + c.txId());
            if (tried != null && tried.rejection() == null) {
                out.move(EventType.CREDITED, c.account(), c.amount(), Purpose.TCC_CANCEL);
            } else {
                out.event(EventType.CANCELLED, c.account(), null, c.currency(), null, tried == null ? "OUT_OF_ORDER" : "NOTHING_TRIED");
            }
        }
        return out.outcome(null);
    }

    /** Why the account cannot take part (unknown, other currency, or short of {@code debit}), or null. */
    private static WalletError check(WalletState state, String accountId, String currency, BigDecimal debit) {
        WalletState.Account a = state.accounts.get(accountId);
        if (a == null) {
            return WalletError.UNKNOWN_ACCOUNT;
        }
        if (!a.currency.equals(currency)) {
            return WalletError.CURRENCY_MISMATCH;
        }
        if (debit != null && a.balance.compareTo(debit) < 0) {
            return WalletError.INSUFFICIENT_FUNDS;
        }
        return null;
    }

    public static String fingerprint(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the events of one command with consecutive sequence numbers after the state's last. */
    private static final class Emitter {
        private final WalletState state;
        private final Command command;
        private final String fingerprint;
        private final long commandSeq;
        private final Instant at;
        private final List<Event> events = new ArrayList<>();

        Emitter(WalletState state, Command command, String fingerprint, long commandSeq, Instant at) {
            this.state = state;
            this.command = command;
            this.fingerprint = fingerprint;
            this.commandSeq = commandSeq;
            this.at = at;
        }

        void event(EventType type, String account, BigDecimal amount, String currency, BigDecimal balanceAfter, String detail) {
            events.add(new Event(state.lastSeq + events.size() + 1, commandSeq, command.key(), fingerprint, type,
                    command.txId(), account, amount == null ? null : WalletState.scaled(amount), currency,
                    balanceAfter == null ? null : WalletState.scaled(balanceAfter), detail, at));
        }

        void move(EventType type, String account, BigDecimal amount, Purpose purpose) {
            WalletState.Account a = state.accounts.get(account);
            BigDecimal after = type == EventType.DEBITED ? a.balance.subtract(amount) : a.balance.add(amount);
            event(type, account, amount, a.currency, after, purpose.name());
        }

        Outcome reject(String account, BigDecimal amount, String currency, WalletError why) {
            event(EventType.REJECTED, account, amount, currency, null, why.name());
            return outcome(why);
        }

        Outcome outcome(WalletError rejection) {
            return new Outcome(command.key(), rejection, false, List.copyOf(events));
        }
    }
}
