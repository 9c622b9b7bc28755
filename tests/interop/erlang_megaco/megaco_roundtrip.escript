#!/usr/bin/env escript
%% -*- erlang -*-
%% Oracle for the H.248 text codec: for every *.h248 file in InDir, decode it with Erlang/OTP
%% megaco's pretty and compact text decoders (version detected from the header) and
%% re-encode each decoded message with both text encoders. Writes, per input NAME.h248
%% and decoder D in {pretty, compact}:
%%   OutDir/NAME.D.compact  and  OutDir/NAME.D.pretty   the re-encodings, or
%%   OutDir/NAME.D.error                                 why decoding or encoding failed.
%% Prints one line per input and exits 0 (failures are reported through the files).
%% Usage: escript megaco_roundtrip.escript InDir OutDir
main([InDir, OutDir]) ->
    {ok, Files} = file:list_dir(InDir),
    Inputs = lists:sort([F || F <- Files, filename:extension(F) =:= ".h248"]),
    lists:foreach(fun(F) -> one(InDir, OutDir, F) end, Inputs),
    io:format("decoded ~p files~n", [length(Inputs)]);
main(_) ->
    io:format(standard_error, "usage: megaco_roundtrip.escript InDir OutDir~n", []),
    halt(2).

one(InDir, OutDir, File) ->
    {ok, Bin} = file:read_file(filename:join(InDir, File)),
    Base = filename:join(OutDir, filename:rootname(File)),
    Decoders = [{"pretty", megaco_pretty_text_encoder}, {"compact", megaco_compact_text_encoder}],
    Results = [decode_and_encode(Base, Name, Mod, Bin) || {Name, Mod} <- Decoders],
    io:format("~s ~p~n", [File, Results]).

decode_and_encode(Base, DecName, DecMod, Bin) ->
    Prefix = Base ++ "." ++ DecName,
    case catch DecMod:decode_message([], dynamic, Bin) of
        {ok, Msg} ->
            case {catch megaco_compact_text_encoder:encode_message([], Msg),
                  catch megaco_pretty_text_encoder:encode_message([], Msg)} of
                {{ok, C}, {ok, P}} ->
                    ok = file:write_file(Prefix ++ ".compact", C),
                    ok = file:write_file(Prefix ++ ".pretty", P),
                    ok;
                Other ->
                    write_error(Prefix, {encode_failed, Other}),
                    encode_error
            end;
        Error ->
            write_error(Prefix, {decode_failed, Error}),
            decode_error
    end.

write_error(Prefix, Reason) ->
    ok = file:write_file(Prefix ++ ".error", io_lib:format("~p~n", [Reason])).
