import Testing
import WebSocket

struct PerMessageDeflateNegotiationTests {
    private static let answer = "permessage-deflate; server_no_context_takeover; client_no_context_takeover"

    @Test(arguments: [
        // Chromium's offer.
        ("permessage-deflate; client_max_window_bits", answer),
        // Firefox's.
        ("permessage-deflate", answer),
        ("permessage-deflate; server_max_window_bits=10", answer + "; server_max_window_bits=10"),
        ("permessage-deflate; client_max_window_bits=\"10\"", answer),
        ("permessage-deflate;server_no_context_takeover;client_no_context_takeover", answer),
        // The first acceptable offer wins; malformed ones before it are skipped.
        (
            "permessage-deflate; server_max_window_bits, permessage-deflate; server_max_window_bits=9",
            answer + "; server_max_window_bits=9"
        ),
        ("x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=8", answer + "; server_max_window_bits=8"),
        ("permessage-deflate; foo=1, permessage-deflate", answer),
    ])
    func acceptedOffers(offer: String, expected: String) {
        #expect(PerMessageDeflateParameters.negotiate(offers: [offer])?.headerValue == expected)
    }

    @Test(arguments: [
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",  // repeated
        "permessage-deflate; server_max_window_bits",  // needs a value
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=08",  // leading zero
        "permessage-deflate; client_max_window_bits=1a",
        "permessage-deflate; server_no_context_takeover=1",  // takes no value
        "permessage-deflate; mystery",
        "x-webkit-deflate-frame",
        "",
    ])
    func declinedOffers(offer: String) {
        #expect(PerMessageDeflateParameters.negotiate(offers: [offer]) == nil)
    }

    @Test func offersSpreadOverSeveralFields() {
        let answer = PerMessageDeflateParameters.negotiate(offers: [
            "foo", "permessage-deflate; server_max_window_bits=12",
        ])
        #expect(answer?.serverMaxWindowBits == 12)
        #expect(answer?.sendWindowBits(role: .server) == 12)
        #expect(answer?.sendWindowBits(role: .client) == 15)
    }

    @Test func clientChecksTheAnswer() {
        #expect(PerMessageDeflateParameters.checkAnswer([]) == .declined)
        guard
            case .accepted(let parameters) = PerMessageDeflateParameters.checkAnswer([
                Self.answer + "; client_max_window_bits=11"
            ])
        else {
            Issue.record("answer not accepted")
            return
        }
        #expect(parameters.sendWindowBits(role: .client) == 11)
        // A server keeping its context is fine; we compress without ours whatever it says.
        #expect(
            PerMessageDeflateParameters.checkAnswer(["permessage-deflate"])
                == .accepted(
                    {
                        var parameters = PerMessageDeflateParameters()
                        parameters.clientNoContextTakeover = true
                        return parameters
                    }()))
        for bad in [
            "permessage-deflate; server_no_context_takeover; client_max_window_bits",
            "x-other", Self.answer + ", " + Self.answer,
        ] {
            guard case .invalid = PerMessageDeflateParameters.checkAnswer([bad]) else {
                Issue.record("accepted \(bad)")
                continue
            }
        }
    }
}
