package org.reckon.wallet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Reproducibility across versions (chapter 12): the command list, event list and final state of
 * a partition were recorded once (src/test/resources/wallet/, written by {@link #record}) and are
 * never regenerated. Every later version of the state machine must emit exactly the recorded
 * events for the recorded commands, and applying the recorded events must give exactly the
 * recorded state. A change in validation or in how events are applied fails here.
 */
class ReproducibilityTest {

    @Test
    void replayingTheRecordedEventListGivesTheRecordedState() throws IOException {
        WalletState state = new WalletState();
        for (String line : lines("events.txt")) {
            state.apply(Event.parse(line));
        }
        assertEquals(String.join("\n", lines("state.txt")) + "\n", formatOne(state.encode()));
    }

    /**
     * state.txt was recorded in the state's first text format, before each deduplication key kept
     * the instant it was decided (a fifth field of its D line, for the dedup window): the
     * comparison leaves that field out, and {@link #decisionTimesAreTheirEventsInstants} checks it.
     */
    private static String formatOne(String encoded) {
        StringBuilder out = new StringBuilder();
        for (String line : encoded.split("\n")) {
            String[] f = line.split("\\|", -1);
            out.append(line.startsWith("D|") && f.length == 5 ? String.join("|", f[0], f[1], f[2], f[3]) : line).append('\n');
        }
        return out.toString();
    }

    @Test
    void decisionTimesAreTheirEventsInstants() throws IOException {
        WalletState state = new WalletState();
        java.util.Map<String, String> firstAt = new java.util.HashMap<>();
        for (String line : lines("events.txt")) {
            Event e = Event.parse(line);
            state.apply(e);
            firstAt.putIfAbsent(e.commandKey(), e.at().toString());
        }
        for (String line : state.encode().split("\n")) {
            if (line.startsWith("D|")) {
                String[] f = line.split("\\|", -1);
                assertEquals(firstAt.get(f[1]), f[4], line);
            }
        }
    }

    @Test
    void revalidatingTheRecordedCommandsEmitsTheRecordedEvents() throws IOException {
        WalletState state = new WalletState();
        List<String> emitted = new ArrayList<>();
        for (String line : lines("commands.txt")) {
            String[] f = line.split("\\|", 3);
            Outcome o = StateMachine.decide(state, Command.parse(f[2]), Long.parseLong(f[0]), Instant.parse(f[1]));
            for (Event e : o.events()) {
                state.apply(e);
                emitted.add(e.line());
            }
        }
        assertEquals(lines("events.txt"), emitted);
    }

    /** Writes the fixture: {@code -Dwallet.fixture.write=<dir>}; run once, then commit the files. */
    @Test
    @EnabledIfSystemProperty(named = "wallet.fixture.write", matches = ".+")
    void record() throws IOException {
        Path dir = Path.of(System.getProperty("wallet.fixture.write"));
        Random random = new Random(12);
        WalletState state = new WalletState();
        List<String> commands = new ArrayList<>();
        List<String> events = new ArrayList<>();
        String[] accounts = {"acc-1", "acc-2", "acc-3", "acc-4", "acc-5"};
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        List<Command> script = new ArrayList<>();
        for (String a : accounts) {
            script.add(new Command.Open(a, "owner-" + a, "EUR"));
            script.add(new Command.Credit("top-" + a, a, new BigDecimal(100 + random.nextInt(900) + ".00"), "EUR", Purpose.TOP_UP));
        }
        Purpose[] debits = {Purpose.XA, Purpose.TCC_TRY, Purpose.SAGA_DEBIT};
        for (int i = 0; i < 200; i++) {
            String from = accounts[random.nextInt(accounts.length)];
            String to = accounts[random.nextInt(accounts.length)];
            BigDecimal amount = new BigDecimal(random.nextInt(30000)).movePointLeft(2);
            String tx = "tx-" + (i % 190); // a few reused ids: duplicates and reuse with another body
            switch (random.nextInt(6)) {
                case 0 -> script.add(new Command.Debit(tx, from, amount, "EUR", debits[random.nextInt(3)]));
                case 1 -> script.add(new Command.Credit(tx, to, amount, "EUR", Purpose.SAGA_CREDIT));
                case 2 -> script.add(new Command.Cancel(tx, from, amount, "EUR"));
                default -> script.add(new Command.Transfer(tx, from, to, amount, "EUR"));
            }
        }
        long seq = 0;
        for (Command c : script) {
            at = at.plusMillis(1 + random.nextInt(5000));
            seq++;
            commands.add(seq + "|" + at + "|" + c.body());
            for (Event e : StateMachine.decide(state, c, seq, at).events()) {
                state.apply(e);
                events.add(e.line());
            }
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve("commands.txt"), commands);
        Files.write(dir.resolve("events.txt"), events);
        Files.writeString(dir.resolve("state.txt"), state.encode());
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = ReproducibilityTest.class.getResourceAsStream("/wallet/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture wallet/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
