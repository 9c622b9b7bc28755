#!/usr/bin/env escript
%% -*- erlang -*-
%% Erlang/OTP megaco as the MGC of msrpgw (the MG), on UDP loopback.
%% Usage: escript msrpgw_mgc.escript MgcPort [udp|tcp]
%% Opens MgcPort (UDP, or a TCP listener with TPKT framing), waits for the MG's ServiceChange (prints REGISTERED with its parameters
%% and answers it), then drives the MG with Add / Modify / AuditValue / Move / Subtract
%% carrying MSRP SDP and with requests that provoke each error a controller can provoke. Every
%% reply is decoded by megaco; for each step one line goes to standard error:
%%   STEP <name> | ctx=<id> | term=<id> | code=<error code> | prop:<name>=<value> |
%%        stat:<name>=<value> | mode=<stream mode> | ...
%% and finally DONE. Exit status 0 unless the MG never registered.
-module(msrpgw_mgc).
-mode(compile).
-include_lib("megaco/include/megaco.hrl").
-include_lib("megaco/include/megaco_message_v3.hrl").
-export([main/1, handle_connect/3, handle_disconnect/4, handle_syntax_error/4,
         handle_message_error/4, handle_trans_request/4, handle_trans_long_request/4,
         handle_trans_reply/5, handle_trans_ack/5, handle_unexpected_trans/4,
         handle_trans_request_abort/5]).

-define(LOCAL, "Local {\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\na=setup:passive\n}").
-define(REMOTE, "Remote {\nv=0\nc=IN IP4 198.51.100.7\nm=message 7394 TCP/MSRP *\n"
                "a=path:msrp://198.51.100.7:7394/abcd;tcp\na=setup:active\n"
                "a=accept-types:message/cpim text/plain\na=max-size:65536\n}").

main([PortStr]) ->
    main([PortStr, "udp"]);
main([PortStr, Transport]) ->
    main([PortStr, Transport, "full"]);
main([PortStr, Transport, Script]) ->
    Port = list_to_integer(PortStr),
    ok = megaco:start(),
    Mid = {deviceName, "mgc"},
    SendMod = case Transport of
                  "tcp" -> megaco_tcp;
                  _ -> megaco_udp
              end,
    ok = megaco:start_user(Mid, [{send_mod, SendMod},
                                 {encoding_mod, megaco_pretty_text_encoder},
                                 {encoding_config, []},
                                 {protocol_version, 3},
                                 {user_mod, ?MODULE},
                                 {user_args, [self()]}]),
    RH = megaco:user_info(Mid, receive_handle),
    case Transport of
        "tcp" ->
            {ok, Sup} = megaco_tcp:start_transport(),
            ok = megaco_tcp:listen(Sup, [{port, Port}, {receive_handle, RH}]);
        _ ->
            {ok, Sup} = megaco_udp:start_transport(),
            {ok, _SendHandle, _Ctrl} = megaco_udp:open(Sup, [{port, Port}, {receive_handle, RH}])
    end,
    say("LISTENING ~p", [Port]),
    receive
        {registered, CH, Version, Parms} ->
            say("REGISTERED version=~p | ~s", [Version, sc_parms(Parms)]),
            timer:sleep(50),  % let megaco send our ServiceChange reply first
            case Script of
                "segments" -> run_segments(CH);
                _ -> run(CH)
            end,
            say("DONE", []),
            megaco:stop(),
            halt(0)
    after 30000 ->
        say("NOT REGISTERED", []),
        halt(1)
    end.

say(Fmt, Args) -> io:format(standard_error, Fmt ++ "~n", Args).

sc_parms(#'ServiceChangeParm'{serviceChangeMethod = M, serviceChangeReason = R,
                              serviceChangeVersion = V, serviceChangeProfile = P}) ->
    Profile = case P of
                  #'ServiceChangeProfile'{profileName = N} -> N;
                  _ -> "none"
              end,
    io_lib:format("method=~p | reason=~s | sc_version=~p | profile=~s",
                  [M, lists:flatten(R), V, Profile]).

%% One request; prints its STEP line and returns the context id of the first reply.
step(CH, Name, Text) ->
    Reply = megaco:call(CH, list_to_binary(Text), [{request_timer, 3000}]),
    {Items, Ctx} = summary(Reply),
    say("STEP ~s | ~s", [Name, string:join(Items, " | ")]),
    Ctx.

summary({_V, {ok, ARs}}) when is_list(ARs) ->
    Ctx = case ARs of
              [#'ActionReply'{contextId = C} | _] -> C;
              _ -> undefined
          end,
    {lists:flatmap(fun action/1, ARs), Ctx};
summary({_V, {error, #'ErrorDescriptor'{errorCode = C, errorText = T}}}) ->
    {[io_lib:format("code=~p", [C]), "text=" ++ text(T)], undefined};
summary(Other) ->
    {[lists:flatten(io_lib:format("unexpected=~p", [Other]))], undefined}.

text(asn1_NOVALUE) -> "";
text(T) -> lists:flatten(T).

action(#'ActionReply'{contextId = Ctx} = AR) ->
    [io_lib:format("ctx=~p", [Ctx]) | walk(AR)].

%% Everything of interest anywhere in a decoded reply.
walk(#megaco_term_id{id = Id}) ->
    ["term=" ++ string:join(Id, "/")];
walk(#'ErrorDescriptor'{errorCode = C, errorText = T}) ->
    [io_lib:format("code=~p", [C]), "text=" ++ text(T)];
walk(#'PropertyParm'{name = N, value = V}) ->
    ["prop:" ++ N ++ "=" ++ string:join(V, ",")];
walk(#'StatisticsParameter'{statName = N, statValue = V}) ->
    Value = case V of
                asn1_NOVALUE -> "";
                _ -> string:join(V, ",")
            end,
    ["stat:" ++ N ++ "=" ++ Value];
walk(#'LocalControlDescriptor'{streamMode = M} = L) when M =/= asn1_NOVALUE ->
    [io_lib:format("mode=~p", [M]) | walk(setelement(2, L, asn1_NOVALUE))];
walk(#'ActionRequest'{contextId = C} = A) ->
    [io_lib:format("ctx=~p", [C]) | walk(tl(tl(tuple_to_list(A))))];
walk(#'ObservedEvent'{eventName = N}) -> ["event=" ++ N];
walk(#'RequestedEvent'{pkgdName = N, evParList = Ps}) ->
    ["requested=" ++ N | lists:flatmap(fun walk/1, Ps)];
walk(#'EventParameter'{eventParameterName = N, value = V}) ->
    ["param:" ++ N ++ "=" ++ string:join(V, ",")];
walk(#'ObservedEventsDescriptor'{requestId = R, observedEventLst = L}) ->
    [io_lib:format("request_id=~p", [R]) | lists:flatmap(fun walk/1, L)];
walk(#'PackagesItem'{packageName = N, packageVersion = V}) ->
    [io_lib:format("package=~s-~p", [N, V])];
walk(T) when is_tuple(T) -> walk(tuple_to_list(T));
walk(L) when is_list(L) ->
    case io_lib:printable_list(L) of
        true -> [];
        false -> lists:flatmap(fun walk/1, L)
    end;
walk(_) -> [].

ctx(C) -> integer_to_list(C).

run(CH) ->
    %% The MSRP flow: Add with MSRP SDP, Modify, AuditValue, Subtract.
    A = step(CH, "add", "Context = $ { Add = $ { Media { Stream = 1 { LocalControl { Mode = "
             "SendReceive }, " ?LOCAL ", " ?REMOTE " } }, Events = 1 { g/cause } } }"),
    step(CH, "modify", "Context = " ++ ctx(A) ++ " { Modify = msrp/1 { Media { Stream = 1 { "
         "LocalControl { Mode = SendOnly, msrpgw/chunksize = 4096 } } } } }"),
    step(CH, "audit", "Context = " ++ ctx(A) ++ " { AuditValue = msrp/1 { Audit { Media, "
         "Statistics, Events } } }"),
    step(CH, "audit_root", "Context = - { AuditValue = ROOT { Audit { Media, Packages } } }"),
    step(CH, "audit_caps", "Context = " ++ ctx(A) ++ " { AuditCapability = msrp/1 { Audit { "
         "Media, Events, Statistics } } }"),
    step(CH, "audit_root_caps", "Context = - { AuditCapability = ROOT { Audit { Media, Events "
         "} } }"),
    step(CH, "subtract", "Context = " ++ ctx(A) ++ " { Subtract = msrp/1 }"),
    %% Errors.
    step(CH, "e411", "Context = " ++ ctx(A) ++ " { AuditValue = msrp/1 { Audit { } } }"),
    B = step(CH, "add_two", "Context = $ { Add = $ { Media { Stream = 1 { " ?LOCAL " } } }, "
             "Add = $ { Media { Stream = 1 { " ?LOCAL " } } } }"),
    step(CH, "e434", "Context = " ++ ctx(B) ++ " { Add = $ }"),
    step(CH, "e430", "Context = " ++ ctx(B) ++ " { AuditValue = msrp/77 { Audit { } } }"),
    step(CH, "e431", "Context = " ++ ctx(B) ++ " { AuditValue = foo/* { Audit { } } }"),
    step(CH, "e510", "Context = $ { Add = $ { Media { Stream = 1 { " ?LOCAL " } } } }"),
    step(CH, "subtract_one", "Context = " ++ ctx(B) ++ " { Subtract = msrp/3 { Audit { } } }"),
    C = step(CH, "add_c", "Context = $ { Add = $ { Media { Stream = 1 { " ?LOCAL " } } } }"),
    step(CH, "e412", "Context = $ { Add = $ }"),
    step(CH, "e433", "Context = " ++ ctx(C) ++ " { Add = msrp/2 }"),
    step(CH, "e435", "Context = " ++ ctx(C) ++ " { AuditValue = msrp/2 { Audit { } } }"),
    M = "Context = " ++ ctx(B) ++ " { Modify = msrp/2 { ",
    step(CH, "e440", M ++ "Media { Stream = 1 { LocalControl { foo/bar = 1 } } } } }"),
    step(CH, "e445", "Context = - { Modify = ROOT { Media { TerminationState { "
         "root/maxNumberOfContexts = 5 } } } }"),
    step(CH, "e449", M ++ "Media { Stream = 1 { LocalControl { msrpgw/chunksize = 12 } } } } }"),
    step(CH, "e450", M ++ "Media { Stream = 1 { LocalControl { msrpgw/colour = 1 } } } } }"),
    step(CH, "e451", M ++ "Events = 2 { g/boom } } }"),
    step(CH, "e452", M ++ "Signals { g/tone } } }"),
    step(CH, "e453", M ++ "Statistics { nt/xyz } } }"),
    step(CH, "e454", M ++ "Events = 2 { g/cause { colour = red } } } }"),
    step(CH, "e455", M ++ "Media { TerminationState { root/normalMGExecutionTime = 5 } } } }"),
    step(CH, "e444", M ++ "DigitMap = dialplan0 } }"),
    step(CH, "e512", M ++ "Events = 3 { it/ito { mit = 10 } } } }"),
    step(CH, "e515", M ++ "Media { Stream = 1 { Remote {\nv=0\nc=IN IP4 198.51.100.7\n"
         "m=audio 49170 RTP/AVP 0\n} } } } }"),
    step(CH, "e517", M ++ "Media { Stream = 1 { LocalControl { Mode = Loopback } } } } }"),
    step(CH, "e443", "Context = - { Notify = ROOT { ObservedEvents = 1 { it/ito } } }"),
    step(CH, "e_syntax", "Context = " ++ ctx(B) ++ " { Add = }"),
    step(CH, "optional", "Context = " ++ ctx(B) ++ " { O-Modify = msrp/77 { Events = 4 { "
         "g/cause } }, AuditValue = msrp/2 { Audit { } } }"),
    %% Move (H.248.1 7.2.4): msrp/2 leaves B (which ends) for C, with a Modify part; then
    %% msrp/5 moves into a context the Move creates; then the errors a Move can provoke.
    step(CH, "move", "Context = " ++ ctx(C) ++ " { Move = msrp/2 { Media { Stream = 1 { "
         "LocalControl { Mode = ReceiveOnly } } }, Events = 5 { g/cause } } }"),
    step(CH, "move_audit", "Context = " ++ ctx(C) ++ " { AuditValue = msrp/2 { Audit { Media } "
         "} }"),
    step(CH, "e411_move_source", "Context = " ++ ctx(B) ++ " { AuditValue = msrp/2 { Audit { } "
         "} }"),
    step(CH, "move_choose", "Context = $ { Move = msrp/5 }"),
    step(CH, "e430_move", "Context = " ++ ctx(C) ++ " { Move = msrp/77 }"),
    step(CH, "e421_move", "Context = - { Move = msrp/5 }"),
    step(CH, "e410_move", "Context = " ++ ctx(C) ++ " { Move = ROOT }"),
    step(CH, "cleanup", "Context = * { Subtract = * { Audit { } } }"),
    step(CH, "after_cleanup", "Context = * { AuditValue = * { Audit { } } }"),
    %% The inactivity timer: the MG notifies ROOT it/ito when we stay silent for mit.
    step(CH, "inactivity", "Context = - { Modify = ROOT { Events = 9 { it/ito { mit = 20 } } } }"),
    receive
        {notify, ARs} -> say("NOTIFY | ~s", [string:join(lists:flatmap(fun walk/1, ARs), " | ")])
    after 10000 -> say("NO NOTIFY", [])
    end,
    step(CH, "inactivity_off", "Context = - { Modify = ROOT { Events } }"),
    ok.

%% A reply larger than the MG's h248.udp.max_message_size: megaco receives the segments,
%% acknowledges each (SegmentReply) and hands them over as [{SegmentNo, ActionReplies}].
run_segments(CH) ->
    L = "Add = $ { Media { Stream = 1 { " ?LOCAL " } } }",
    Text = "Context = $ { " ++ L ++ ", " ++ L ++ " }, Context = $ { " ++ L ++ " }",
    Reply = megaco:call(CH, list_to_binary(Text), [{request_timer, 3000}]),
    say("SEGMENTS | ~s |", [string:join(segments(Reply), " | ")]),
    timer:sleep(300),  % the last SegmentReply reaches the MG before we stop
    ok.

segments({_V, {ok, L}}) when is_list(L) ->
    lists:flatmap(fun({SN, ARs}) ->
                          [io_lib:format("segment=~p", [SN]) | lists:flatmap(fun action/1, ARs)];
                     (#'ActionReply'{} = AR) -> ["unsegmented" | action(AR)]
                  end, L);
segments(Other) ->
    [lists:flatten(io_lib:format("unexpected=~p", [Other]))].

%% megaco user callbacks (each gets the user_args, here the main process, last).
handle_connect(_CH, _PV, _Parent) -> ok.
handle_disconnect(_CH, _PV, _Reason, _Parent) -> ok.
handle_syntax_error(_RH, _PV, _ED, _Parent) -> reply.
handle_message_error(_CH, _PV, _ED, _Parent) -> no_reply.

handle_trans_request(CH, PV, [#'ActionRequest'{commandRequests = [#'CommandRequest'{
        command = {serviceChangeReq, #'ServiceChangeRequest'{terminationID = Tids,
                                                             serviceChangeParms = Parms}}}]}],
                     Parent) ->
    Parent ! {registered, CH, PV, Parms},
    Reply = {serviceChangeReply,
             #'ServiceChangeReply'{terminationID = Tids,
                                   serviceChangeResult =
                                       {serviceChangeResParms, #'ServiceChangeResParm'{}}}},
    {discard_ack, [#'ActionReply'{contextId = ?megaco_null_context_id,
                                  commandReply = [Reply]}]};
handle_trans_request(_CH, _PV, ARs, Parent) ->
    Parent ! {notify, ARs},
    Replies = [#'ActionReply'{contextId = Ctx,
                              commandReply = [notify_reply(C) || C <- Cmds]}
               || #'ActionRequest'{contextId = Ctx, commandRequests = Cmds} <- ARs],
    {discard_ack, Replies}.

notify_reply(#'CommandRequest'{command = {notifyReq, #'NotifyRequest'{terminationID = T}}}) ->
    {notifyReply, #'NotifyReply'{terminationID = T}};
notify_reply(#'CommandRequest'{command = {serviceChangeReq,
                                          #'ServiceChangeRequest'{terminationID = T}}}) ->
    {serviceChangeReply, #'ServiceChangeReply'{terminationID = T,
                                               serviceChangeResult =
                                                   {serviceChangeResParms,
                                                    #'ServiceChangeResParm'{}}}}.

handle_trans_long_request(_CH, _PV, _Data, _Parent) -> ignore.
handle_trans_reply(_CH, _PV, _Result, _Data, _Parent) -> ok.
handle_trans_ack(_CH, _PV, _Status, _Data, _Parent) -> ok.
handle_unexpected_trans(_CH, _PV, _Trans, _Parent) -> ok.
handle_trans_request_abort(_CH, _PV, _TransNo, _Pid, _Parent) -> ok.
