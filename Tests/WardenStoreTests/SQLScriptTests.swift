import Testing

@testable import WardenStore

@Suite struct SQLScriptTests {
    @Test func splitsOnTopLevelSemicolons() {
        let script = SQLScript("CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\n\n")
        #expect(script.statements == ["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)"])
    }

    @Test func keepsSemicolonsInsideQuotesCommentsAndDollarBodies() {
        let source = """
            -- a comment; with a semicolon
            INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\\\\'';slash');
            /* block; /* nested; */ still comment; */ SELECT "odd;name" FROM t;
            CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;
            DO $$ BEGIN PERFORM 1; END $$;
            """
        let statements = SQLScript(source).statements
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("'it''s; fine', E'back\\\\'';slash')"))
        #expect(statements[1].hasSuffix(#"SELECT "odd;name" FROM t"#))
        #expect(statements[2].contains("RETURN 1; END; $body$ LANGUAGE plpgsql"))
        #expect(statements[3] == "DO $$ BEGIN PERFORM 1; END $$")
    }

    @Test func ignoresCommentOnlyTail() {
        #expect(SQLScript("SELECT 1;\n-- trailing note\n").statements == ["SELECT 1"])
    }

    @Test func positionalParametersAreNotDollarQuotes() {
        #expect(SQLScript("SELECT $1, $2; SELECT 3").statements == ["SELECT $1, $2", "SELECT 3"])
    }
}
